"""The seed article's events, quotes and entities, through the real pipeline (model, DuckDB)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

pytestmark = pytest.mark.model

SEED = "%000_218c164c2f570b33%"


def rows(db: Path, sql: str, *params: object) -> list[tuple]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return conn.execute(sql, list(params)).fetchall()
    finally:
        conn.close()


def seed_events(db: Path) -> list[dict]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        rel = conn.execute(
            "select e.* from events e join articles a using (article_id) where a.input_ref like ? "
            "order by e.start_char",
            [SEED],
        )
        cols = [d[0] for d in rel.description]
        return [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]
    finally:
        conn.close()


def find(
    events: list[dict],
    pair: set[str] | None = None,
    root: str | None = None,
    source: str | None = None,
    target: str | None = None,
) -> list[dict]:
    out = []
    for e in events:
        countries = {(e["actor1_code"] or "")[:3], (e["actor2_code"] or "")[:3]} - {""}
        codes = {e["actor1_code"], e["actor2_code"]} - {None}
        if pair is not None and not (pair <= codes or pair <= countries):
            continue
        if root is not None and e["event_root_code"] != root:
            continue
        if source is not None and not (e["actor1_code"] or "").startswith(source):
            continue
        if target is not None and not (e["actor2_code"] or "").startswith(target):
            continue
        out.append(e)
    return out


def test_extract_seed_usa_rus_negotiation_is_one_planned_event_with_mentions(seed_db: Path) -> None:
    events = seed_events(seed_db)
    # planned talks are CAMEO's "express intent to meet or negotiate" (036, tasks/data/cameo/intent_codes.tsv)
    talks = [e for e in find(events, pair={"USA", "RUS"}, root="03") if e["event_date"] == date(2022, 1, 10)]
    assert len(talks) == 1, talks
    ev = talks[0]
    assert ev["status"] == "planned"
    assert ev["is_symmetric"] is True
    assert ev["num_mentions"] >= 2
    mentions = rows(
        seed_db, "select sentence_idx, in_headline from event_mentions where event_id = ?", ev["event_id"]
    )
    assert len(mentions) == ev["num_mentions"]
    assert any(h for _, h in mentions)  # the headline states it too
    assert len({s for s, _ in mentions}) == len(mentions)


@pytest.mark.parametrize("other, day", [("NATO", date(2022, 1, 12)), ("OSCE", date(2022, 1, 13))])
def test_extract_seed_planned_meetings(seed_db: Path, other: str, day: date) -> None:
    events = seed_events(seed_db)
    found = [e for e in find(events, pair={"RUS", other}, root="03") if e["event_date"] == day]
    assert found, [(e["actor1_code"], e["actor2_code"], e["event_date"]) for e in events]
    assert all(e["status"] == "planned" for e in found)


def test_extract_seed_troops_accusation_and_demand(seed_db: Path) -> None:
    events = seed_events(seed_db)
    assert find(events, source="RUS", root="15"), "Russia deploying/massing troops"
    accuse = find(events, source="WST", target="RUS", root="11")
    assert accuse and accuse[0]["status"] == "occurred"
    assert find(events, source="RUS", target="NATO", root="10"), "Russia demands NATO not expand"


def test_extract_seed_rows_are_complete_and_traceable(seed_db: Path) -> None:
    events = seed_events(seed_db)
    assert events
    for e in events:
        assert e["actor1_code"], e  # no null source actors by default
        assert e["quad_class"] in (1, 2, 3, 4)
        assert e["goldstein"] is not None
        assert e["status"] in ("occurred", "planned", "hypothetical", "negated", "denied")
        assert e["extractor_version"]
    bad = rows(
        seed_db,
        """select e.event_id from events e join articles a using (article_id)
           where substr(a.text, e.trigger_start + 1, e.trigger_end - e.trigger_start) = ''
              or e.start_char > e.trigger_start or e.end_char < e.trigger_end""",
    )
    assert bad == []


def test_extract_seed_quotes_carry_speakers(seed_db: Path) -> None:
    quotes = rows(
        seed_db,
        "select q.text, q.speaker, q.speaker_actor_code from quotes q join articles a using (article_id) "
        "where a.input_ref like ? order by q.start_char",
        SEED,
    )
    assert quotes
    eager = [q for q in quotes if q[0].startswith("The United States is eager")]
    assert eager and eager[0][1] == "the spokesperson for the National Security Council"
    assert eager[0][2] in ("USA", "USAGOV")
    sit = [q for q in quotes if q[0].startswith("When we sit down")]
    assert sit and sit[0][2] in ("USA", "USAGOV")  # "he said" → the last speaker
    assert all(q[2] for q in quotes)


def test_extract_seed_entities_slice_back(seed_db: Path) -> None:
    bad = rows(
        seed_db,
        """select e.text from entities e join articles a using (article_id)
           where substr(a.text, e.start_char + 1, e.end_char - e.start_char) <> e.text
              or e.text like '%' || chr(10) || '%'""",
    )
    assert bad == []
    codes = dict(
        rows(
            seed_db,
            "select e.text, e.actor_code from entities e join articles a using (article_id) "
            "where a.input_ref like ? and actor_code is not null",
            SEED,
        )
    )
    assert codes.get("Kyiv") == "UKR"
    assert codes.get("NATO") == "NATO"


def test_extract_seed_undated_restatements_join_the_dated_event(seed_db: Path) -> None:
    """The Kenyan headline's "arrest" (no date) is the body's arrest "on Sunday"; the NSC spokesperson's
    "eager to engage in dialogue with Russia" is the planned January 10 negotiation."""
    arrests = rows(
        seed_db,
        "select e.event_date, e.date_origin, e.num_mentions, e.event_id from events e "
        "join articles a using (article_id) where a.title like 'Kenyan police%' and e.event_root_code = '17'",
    )
    assert len(arrests) == 1, arrests
    day, origin, n, eid = arrests[0]
    assert (day, origin, n) == (date(2024, 9, 1), "text", 2)
    # the row names the words its date was read from, at offsets into the article text
    evidence = rows(
        seed_db,
        "select e.date_text, substr(a.text, e.date_start + 1, e.date_end - e.date_start) from events e "
        "join articles a using (article_id) where e.event_id = ?",
        eid,
    )
    assert evidence == [("Sunday", "Sunday")], evidence
    headline = rows(seed_db, "select count(*) from event_mentions where event_id = ? and in_headline", eid)
    assert headline == [(1,)]
    talks = [
        e for e in find(seed_events(seed_db), pair={"USA", "RUS"}, root="03") if e["status"] == "planned"
    ]
    assert [e["event_date"] for e in talks] == [date(2022, 1, 10)], talks
    sentences = rows(
        seed_db,
        "select s.text from event_mentions m join sentences s using (article_id, sentence_idx) "
        "where m.event_id = ?",
        talks[0]["event_id"],
    )
    assert any("eager to engage in dialogue" in s for (s,) in sentences)


def test_extract_seed_claimed_threat_and_bare_government(seed_db: Path) -> None:
    """ "Moscow denies ... and claims to be threatened by provocations from Kyiv and NATO": Kyiv and NATO
    threaten Russia (a claim: occurred, lower confidence), nothing there is 'denied'; "called on the
    government" in the Tbilisi story is Georgia's government, not the speaker's."""
    events = seed_events(seed_db)
    threats = find(events, root="13", target="RUS")
    assert {e["actor1_code"] for e in threats} == {"UKR", "NATO"}
    assert all(e["status"] == "occurred" and e["confidence"] < 0.9 for e in threats)
    assert not [e for e in events if e["status"] == "denied"]
    appeals = rows(
        seed_db,
        "select e.actor1_code, e.actor2_code from events e join articles a using (article_id) "
        "where a.title like 'Thousands protest%' and e.trigger_text = 'called'",
    )
    assert appeals == [("USA", "GEOGOV")]
