"""Within-article deduplication: undated restatements (headline, lede) join the event that states its date."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tasks.extract import merge_restatements
from tasks.nlp import cameo

PUBLISHED = date(2024, 9, 2)


def event(
    eid: str,
    sentence: int,
    a1: str | None,
    a2: str | None,
    code: str,
    day: date | None,
    origin: str | None,
    status: str = "occurred",
    symmetric: bool = False,
    confidence: float = 0.8,
) -> dict[str, Any]:
    start = sentence * 100
    mention = {
        "event_id": eid,
        "article_id": "a",
        "mention_idx": 0,
        "sentence_idx": sentence,
        "start_char": start,
        "end_char": start + 50,
        "trigger_start": start + 5,
        "trigger_end": start + 10,
        "in_headline": sentence == 0,
    }
    return {
        "event_id": eid,
        "sentence_idx": sentence,
        "actor1_code": a1,
        "actor2_code": a2,
        "is_symmetric": symmetric,
        "event_code": code,
        "event_date": day,
        "date_origin": origin,
        "status": status,
        "location_name": None,
        "location_country": None,
        "latitude": None,
        "longitude": None,
        "num_mentions": 1,
        "confidence": confidence,
        "_mentions": [mention],
    }


SUNDAY = date(2024, 9, 1)


def test_extract_dedup_headline_restatement_joins_the_dated_event() -> None:
    headline = event("h", 0, "KENCOP", "KENOPP", "173", PUBLISHED, "publication", confidence=0.9)
    body = event("b", 1, "KENCOP", "KENOPP", "173", SUNDAY, "text", confidence=0.8)
    out = merge_restatements([headline, body])
    assert len(out) == 1
    ev = out[0]
    assert ev["event_id"] == "b" and ev["event_date"] == SUNDAY and ev["date_origin"] == "text"
    assert ev["num_mentions"] == 2 and ev["confidence"] == 0.9
    assert [(m["event_id"], m["sentence_idx"], m["mention_idx"]) for m in ev["_mentions"]] == [
        ("b", 0, 0),
        ("b", 1, 1),
    ]
    assert ev["_mentions"][0]["in_headline"] is True


@pytest.mark.parametrize(
    "restatement, merged",
    [
        # symmetric events match in either order
        (dict(a1="RUS", a2="USA", code="046", status="planned", symmetric=True), True),
        (dict(a1="USA", a2="RUS", code="046", status="planned"), True),
        # a root-level code generalises its root's codes
        (dict(a1="USA", a2="RUS", code="040", status="planned"), True),
        # planned and hypothetical are one status class
        (dict(a1="USA", a2="RUS", code="046", status="hypothetical"), True),
        # siblings are different events
        (dict(a1="USA", a2="RUS", code="042", status="planned"), False),
        # different status classes never merge
        (dict(a1="USA", a2="RUS", code="046", status="occurred"), False),
        (dict(a1="USA", a2="RUS", code="046", status="negated"), False),
        # different actors never merge
        (dict(a1="USA", a2="CHN", code="046", status="planned"), False),
        (dict(a1="USA", a2=None, code="046", status="planned"), False),
    ],
)
def test_extract_dedup_which_restatements_merge(restatement: dict[str, Any], merged: bool) -> None:
    stated = event("s", 3, "USA", "RUS", "046", date(2022, 1, 10), "text", status="planned", symmetric=True)
    other = event(
        "f",
        4,
        restatement["a1"],
        restatement["a2"],
        restatement["code"],
        date(2021, 12, 27),
        "publication",
        status=restatement["status"],
        symmetric=restatement.get("symmetric", False),
    )
    out = merge_restatements([stated, other])
    assert len(out) == (1 if merged else 2)
    assert out[0]["num_mentions"] == (2 if merged else 1)


def test_extract_dedup_an_undated_event_without_publication_date_merges_too() -> None:
    out = merge_restatements(
        [event("h", 0, "FRA", "DEU", "111", None, None), event("b", 2, "FRA", "DEU", "111", SUNDAY, "text")]
    )
    assert [e["event_id"] for e in out] == ["b"]


def test_extract_dedup_ambiguous_restatement_stays_separate() -> None:
    """Two stated arrests on different days: the undated headline could be either, so it is kept."""
    events = [
        event("h", 0, "KENCOP", "KENOPP", "173", PUBLISHED, "publication"),
        event("b1", 1, "KENCOP", "KENOPP", "173", SUNDAY, "text"),
        event("b2", 2, "KENCOP", "KENOPP", "173", date(2024, 8, 25), "text"),
    ]
    out = merge_restatements(events)
    assert sorted(e["event_id"] for e in out) == ["b1", "b2", "h"]
    assert all(e["num_mentions"] == 1 for e in out)


def test_extract_dedup_stated_dates_never_merge() -> None:
    events = [
        event("b1", 1, "RUS", "NATO", "040", date(2022, 1, 12), "text", status="planned"),
        event("b2", 2, "RUS", "NATO", "040", date(2022, 1, 13), "text", status="planned"),
    ]
    assert [e["event_id"] for e in merge_restatements(events)] == ["b1", "b2"]


def test_extract_dedup_same_sentence_counts_once() -> None:
    stated = event("s", 1, "FRA", "DEU", "111", SUNDAY, "text")
    again = event("f", 1, "FRA", "DEU", "111", PUBLISHED, "publication")
    out = merge_restatements([stated, again])
    assert len(out) == 1 and out[0]["num_mentions"] == 1


@pytest.mark.parametrize(
    "parent, child, expected",
    [
        ("040", "046", True),
        ("040", "0461", True),
        ("104", "1041", True),
        ("046", "040", False),
        ("042", "046", False),
        ("040", "140", False),
        ("173", "173", False),
        ("100", "1041", True),
    ],
)
def test_extract_dedup_cameo_generalises(parent: str, child: str, expected: bool) -> None:
    assert cameo.generalises(parent, child) is expected
