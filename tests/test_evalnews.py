"""newsevents eval news / eval agreement: the scorer's pure functions on hand-made records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsevents import evalnews as ev

PAGE = "a" * 64
OTHER = "b" * 64


def gold(**kw):
    base = dict(
        page=PAGE,
        id="aaaaaaaaaa-E1",
        required=True,
        anchors=["France's foreign minister on Monday accused Iran"],
        sources=["FRAGOV", "FRA"],
        targets=["IRN"],
        roots=["11"],
        symmetric=False,
        date="2019-11-18",
        status="occurred",
        place=None,
        tags=[],
    )
    base.update(kw)
    return ev.GoldEvent(**base)


def sysev(**kw):
    base = dict(
        page=PAGE,
        event_id="e1",
        sentences=["BEIRUT, Lebanon (AP) — France’s foreign minister on Monday accused Iran of meddling."],
        actor1="FRAGOV",
        actor1_name="France's foreign minister",
        actor2="IRN",
        actor2_name="Iran",
        root="11",
        code="112",
        symmetric=False,
        date="2019-11-18",
        precision="day",
        status="occurred",
        place=None,
        confidence=0.9,
    )
    base.update(kw)
    return ev.SysEvent(**base)


PAGES = {PAGE: ev.Page(PAGE, "events", "2019-11-19", 500), OTHER: ev.Page(OTHER, "few-or-none", None, 1000)}


@pytest.mark.parametrize(
    ("code", "key"),
    [
        ("USAGOV", "USA"),
        ("USA", "USA"),
        ("IGOUNO", "UN"),
        ("UN", "UN"),
        ("NATO", "NATO"),
        ("", ""),
        (None, ""),
    ],
)
def test_evalnews_country_key(code, key):
    assert ev.country_key(code) == key


def test_evalnews_anchor_matches_across_quote_styles():
    # the system's sentence has a curly apostrophe, the anchor a straight one
    assert ev.match_level(sysev(), gold()) == "strict"


@pytest.mark.parametrize(
    ("change", "level"),
    [
        ({"actor1": "FRAMIL"}, "country"),  # same country, other role
        ({"actor1": "LBN"}, None),  # dateline leaked into the source
        ({"root": "01", "code": "010"}, None),  # other event type
        ({"actor2": ""}, None),  # target missing
        ({"sentences": ["Iran denied it."]}, None),  # another sentence
    ],
)
def test_evalnews_match_levels(change, level):
    assert ev.match_level(sysev(**change), gold()) == level


def test_evalnews_symmetric_events_match_in_either_order():
    g = gold(sources=["USA"], targets=["CHN"], roots=["04"], anchors=["the United States and China met"])
    s = sysev(
        actor1="CHN", actor2="USA", root="04", code="040", sentences=["the United States and China met."]
    )
    assert ev.match_level(s, g) is None
    g.symmetric = True
    assert ev.match_level(s, g) == "strict"


def test_evalnews_score_counts_duplicates_against_precision():
    result = ev.score([sysev(), sysev(event_id="e2", actor1="FRA")], [gold()], PAGES)
    assert result["country"] == {"precision": 0.5, "recall": 1.0, "f1": 0.667}
    assert result["false_positives"]["duplicate"]["count"] == 1


def test_evalnews_score_optional_records_do_not_count_against_recall():
    opt = gold(id="aaaaaaaaaa-E2", required=False, roots=["01"])
    result = ev.score([sysev(root="01", code="010")], [gold(), opt], PAGES)
    assert result["country"]["precision"] == 1.0  # matched the optional record
    assert result["country"]["recall"] == 0.0  # the required one is missed
    assert result["misses"]["type"]["count"] == 1


def test_evalnews_score_date_status_place_on_matches():
    g = gold(place="Beirut", date="2019-11")
    s = sysev(status="planned", place="Beirut", date="2019-11-18")
    result = ev.score([s], [g], PAGES)
    assert (result["date_accuracy"], result["status_accuracy"], result["place_accuracy"]) == (1.0, 0.0, 1.0)


def test_evalnews_place_accuracy_by_where_the_place_came_from():
    """A dateline place is a fallback: its accuracy is reported apart from places stated in the clause."""
    golds = [gold(place="Beirut"), gold(id="aaaaaaaaaa-E2", place="Geneva", anchors=["talks in Geneva"])]
    stated = sysev(place="Beirut", place_origin="text")
    fallback = sysev(event_id="e2", sentences=["They held talks in Geneva."], place="Washington",
                     place_origin="dateline")  # fmt: skip
    result = ev.score([stated, fallback], golds, PAGES)
    assert result["place_by_origin"] == {"dateline": {"right": 0, "n": 1}, "text": {"right": 1, "n": 1}}


def test_evalnews_events_per_thousand_words_on_few_or_none_pages():
    noise = sysev(page=OTHER, sentences=["Shares rose."], event_id="n1")
    result = ev.score([sysev(), noise, noise], [gold()], PAGES, words_of={OTHER: 2000})
    assert result["groups"]["few-or-none"]["events_per_1000_words"] == 1.0
    assert result["false_positives"]["off_politics"]["count"] == 2


def test_evalnews_dateline_false_positive_is_classified():
    s = sysev(actor1="LBN", actor1_name="BEIRUT, Lebanon", dateline="BEIRUT, Lebanon")
    result = ev.score([s], [gold()], PAGES)
    assert list(result["false_positives"]) == ["dateline"]


def test_evalnews_missed_target_is_classified():
    result = ev.score([sysev(actor2="")], [gold()], PAGES)
    assert result["misses"]["target"]["count"] == 1
    assert result["false_positives"]["target"]["count"] == 1


def test_evalnews_recall_by_tag():
    g2 = gold(id="aaaaaaaaaa-E2", tags=["nominal"], anchors=["protests against the new government"])
    result = ev.score([sysev()], [gold(), g2], PAGES)
    assert result["recall_by_tag"]["nominal"] == {"matched": 0, "required": 1}
    assert result["misses"]["nominal"]["count"] == 1


@pytest.mark.parametrize(
    ("text", "dateline"),
    [("BEIRUT, Lebanon (AP) — France's foreign minister said", "BEIRUT, Lebanon"), ("The minister said", "")],
)
def test_evalnews_dateline_of(text, dateline):
    assert ev.dateline_of(text) == dateline


def test_evalnews_agreement_is_event_f1_at_country_level():
    body = "France's foreign minister on Monday accused Iran of meddling. Iran denied it."
    a = [gold(), gold(id="x-E2", anchors=["Iran denied it"], sources=["IRN"], targets=["FRA"], roots=["12"])]
    b = [gold(sources=["FRAMIL", "FRA"])]
    result = ev.agreement(a, b, {PAGE: body})
    assert result["matched"] == 1
    assert result["f1"] == round(2 * 1 / 3, 3)


def test_evalnews_load_gold_rejects_bad_records(tmp_path: Path):
    good = {"article": PAGE, "id": "x-E1", "anchor": "a b c", "actors": [["USA"], [""]], "roots": ["01"]}
    (tmp_path / "g.jsonl").write_text(json.dumps(good) + "\n" + '{"article": "x"}\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"g\.jsonl:2"):
        ev.load_gold(tmp_path / "g.jsonl")


def test_evalnews_database_without_the_gold_pages_is_a_clear_error(migrated_db, db_path: Path) -> None:
    from newsevents.evaluate import evaluate_news

    migrated_db.close()
    gold = Path(__file__).resolve().parents[1] / "bench" / "gold" / "gold.jsonl"
    with pytest.raises(ValueError, match="none of the gold's 31 pages"):
        evaluate_news(gold, db=db_path)
