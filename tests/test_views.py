"""The analysis views in sql/views: shape of each file, documentation, and the rows they return."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tasks.db import ensure_views, migrate, view_names
from tests.analyst_db import RUN_1, build_analyst_db

VIEWS_DIR = Path(__file__).resolve().parents[1] / "sql" / "views"
VIEW_FILES = sorted(VIEWS_DIR.glob("*.sql"))
EXPECTED_VIEWS = {
    "event_dyads_daily", "actor_network", "conflict_cooperation_timeseries", "events_enriched",
    "quotes_by_speaker", "places", "rejects_summary", "runs_summary", "event_clusters",
}  # fmt: skip
COUNTED = "coalesce(status, 'occurred') IN ('occurred', 'planned')"


@pytest.fixture(scope="module")
def analyst_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_analyst_db(tmp_path_factory.mktemp("views") / "analyst.duckdb")


@pytest.fixture
def conn(analyst_db: Path) -> duckdb.DuckDBPyConnection:
    c = duckdb.connect(str(analyst_db), read_only=True)
    yield c
    c.close()


def one(conn: duckdb.DuckDBPyConnection, sql: str, params: list[object] | None = None) -> tuple:
    rows = conn.execute(sql, params or []).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_views_every_expected_view_ships() -> None:
    assert set(view_names()) == EXPECTED_VIEWS


@pytest.mark.parametrize("path", VIEW_FILES, ids=lambda p: p.stem)
def test_views_file_is_one_documented_cte_chain(path: Path) -> None:
    sql = path.read_text(encoding="utf-8")
    assert sql.startswith(f"-- {path.stem}: ")
    creates = re.findall(r"CREATE OR REPLACE VIEW (\w+) AS", sql)
    assert creates == [path.stem]
    assert re.search(r"AS\s+with\b", sql, re.IGNORECASE)
    assert sql.count("\nselect * from final;\n") == 1
    assert sql.index("select * from final;") < sql.index(f"COMMENT ON VIEW {path.stem} IS")


def test_views_every_view_and_column_is_commented(conn: duckdb.DuckDBPyConnection) -> None:
    views = dict(conn.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
    assert set(views) >= EXPECTED_VIEWS
    for name in EXPECTED_VIEWS:
        assert views[name] and len(views[name]) > 40, name
        missing = conn.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? AND comment IS NULL", [name]
        ).fetchall()
        assert missing == [], (name, missing)


def test_views_survive_a_second_migrate(analyst_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "again.duckdb"
    copy.write_bytes(analyst_db.read_bytes())
    c = duckdb.connect(str(copy))
    try:
        assert migrate(c) == []
        assert one(c, "SELECT count(*) FROM events_enriched")[0] == one(c, "SELECT count(*) FROM events")[0]
        assert one(c, "SELECT comment FROM duckdb_views() WHERE view_name = 'places'")[0]
    finally:
        c.close()


def test_views_missing_views_become_temp_views_on_read_only_connections(
    analyst_db: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.duckdb"
    old.write_bytes(analyst_db.read_bytes())
    c = duckdb.connect(str(old))
    c.execute("DROP VIEW events_enriched")
    c.execute("DROP VIEW places")
    c.close()
    ro = duckdb.connect(str(old), read_only=True)
    try:
        assert sorted(ensure_views(ro)) == ["events_enriched", "places"]
        assert one(ro, "SELECT count(*) FROM events_enriched")[0] == 9
        assert ensure_views(ro) == []
    finally:
        ro.close()


def test_views_dyads_daily_merge_symmetric_pairs_and_skip_unreal_events(
    conn: duckdb.DuckDBPyConnection,
) -> None:
    row = one(
        conn,
        "SELECT events, verbal_cooperation, articles, sources, planned_events, symmetric_events, mentions,"
        " mean_goldstein FROM event_dyads_daily WHERE actor1_code = 'RUS' AND actor2_code = 'USA'"
        " AND event_date = DATE '2022-01-10'",
    )
    assert row == (2, 2, 2, 2, 2, 2, 3, 7.0)
    total = one(conn, "SELECT sum(events) FROM event_dyads_daily")[0]
    assert total == one(conn, f"SELECT count(*) FROM events WHERE {COUNTED}")[0] == 7
    denied = conn.execute(
        "SELECT * FROM event_dyads_daily"
        " WHERE actor1_code = 'RUS' AND actor2_code = 'UKR' AND verbal_conflict > 0"
    ).fetchall()
    assert denied == []


def test_views_actor_network_edges(conn: duckdb.DuckDBPyConnection) -> None:
    edges = {
        (s, t): (u, n, coop, conf, net)
        for s, t, u, n, coop, conf, net in conn.execute(
            "SELECT source_actor, target_actor, undirected, events, cooperative_events, conflictual_events,"
            " net_goldstein FROM actor_network"
        ).fetchall()
    }
    assert edges[("RUS", "USA")] == (True, 2, 2, 0, 14.0)
    assert edges[("RUS", "UKR")] == (False, 1, 0, 1, -7.2)
    assert ("NATO", "RUS") not in edges and ("RUS", "NATO") in edges  # the hypothetical meeting is left out
    weights = one(
        conn, "SELECT cooperation_weight, conflict_weight FROM actor_network WHERE target_actor = 'UKR'"
    )
    assert weights == (0.0, 7.2)


def test_views_timeseries_by_iso_week(conn: duckdb.DuckDBPyConnection) -> None:
    weeks = conn.execute(
        "SELECT iso_week, week_start, actor1_code, actor2_code, events, conflict_share, cumulative_goldstein"
        " FROM conflict_cooperation_timeseries ORDER BY week_start, actor1_code"
    ).fetchall()
    assert [w[0] for w in weeks] == ["2021-W52", "2021-W52", "2022-W01", "2022-W02", "2024-W18", "2024-W18"]
    assert all(w[1].weekday() == 0 for w in weeks)
    talks = [w for w in weeks if w[2:4] == ("RUS", "USA")]
    assert talks == [("2022-W02", date(2022, 1, 10), "RUS", "USA", 2, 0.0, 14.0)]


def test_views_events_enriched_carries_evidence_quotes_and_place(conn: duckdb.DuckDBPyConnection) -> None:
    assert one(conn, "SELECT count(*) FROM events_enriched")[0] == one(conn, "SELECT count(*) FROM events")[0]
    mismatched = conn.execute(
        "SELECT ee.event_id FROM events_enriched ee JOIN articles a USING (article_id)"
        " WHERE ee.sentence_text <> substr(a.text, ee.start_char + 1, ee.end_char - ee.start_char)"
        " OR len(ee.mention_sentences) <> ee.num_mentions"
    ).fetchall()
    assert mismatched == []
    quotes = one(
        conn,
        "SELECT sentence_quotes, len(article_quotes), source FROM events_enriched"
        " WHERE trigger_text = 'engage'",
    )
    assert quotes[0][0]["speaker_actor_code"] == "USAGOV" and quotes[1:] == (1, "Global Wire")
    headline = one(
        conn,
        "SELECT in_headline, location_name, latitude FROM events_enriched"
        " WHERE event_code = '046' AND source = 'Global Wire'",
    )
    assert headline == (True, "Geneva", 46.20222)
    statuses = {r[0] for r in conn.execute("SELECT DISTINCT status FROM events_enriched").fetchall()}
    assert statuses == {"occurred", "planned", "denied", "hypothetical"}


def test_views_quotes_by_speaker(conn: duckdb.DuckDBPyConnection) -> None:
    assert (
        one(conn, "SELECT sum(quotes) FROM quotes_by_speaker")[0]
        == one(conn, "SELECT count(*) FROM quotes")[0]
    )
    row = one(conn, "SELECT speaker, quotes, sources, quote_list[1].source FROM quotes_by_speaker"
              " WHERE speaker_key = 'USAGOV'")  # fmt: skip
    assert row == ("the spokesperson for the National Security Council", 1, 1, "Global Wire")


def test_views_places(conn: duckdb.DuckDBPyConnection) -> None:
    rows = {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT location_name, location_country, round(latitude, 2), events, protests, material_conflict"
            " FROM places"
        ).fetchall()
    }
    assert rows == {
        "Tbilisi": ("GE", 41.69, 2, 1, 2),
        "Geneva": ("CH", 46.2, 1, 0, 0),
        "Ukraine": ("UA", 49.0, 1, 0, 1),
    }


def test_views_operator_summaries(conn: duckdb.DuckDBPyConnection) -> None:
    reasons = {
        (r[0], r[1]): r[2:]
        for r in conn.execute(
            "SELECT stage, reason, inputs, attempts, rejected_repeatedly FROM rejects_summary"
        ).fetchall()
    }
    assert reasons[("clean", "no_article_text")] == (1, 2, 1)
    assert sum(v[0] for v in reasons.values()) == one(conn, "SELECT count(*) FROM rejects")[0]
    run = one(
        conn,
        "SELECT duration_s, docs_per_s, articles_now, rejects_now, duplicates_now, accounting_ok"
        " FROM runs_summary WHERE run_id = ?",
        [RUN_1],
    )
    assert run == (4.0, 0.5, 2, 1, 1, True)


def test_views_event_clusters_count_across_articles_and_outlets(conn: duckdb.DuckDBPyConnection) -> None:
    n_events, n_clusters = one(conn, "SELECT sum(events), count(*) FROM event_clusters")
    assert n_events == one(conn, "SELECT count(*) FROM events WHERE event_code IS NOT NULL")[0] == 9
    assert n_clusters == 8  # the two reports of the 10 January talks are one event
    talks = one(
        conn,
        "SELECT actor1_code, actor2_code, events, num_mentions, num_articles, num_sources, source_url,"
        " is_root_event, location_name, first_source FROM event_clusters WHERE event_code = '046'",
    )
    assert talks == (
        "RUS", "USA", 2, 3, 3, 3, "https://global-wire.example/2021/12/27/us-russia-talks", True, "Geneva",
        "Global Wire",
    )  # fmt: skip
    ids = [r[0] for r in conn.execute("SELECT global_event_id FROM event_clusters").fetchall()]
    assert len(set(ids)) == len(ids) and all(0 < i < 2**60 for i in ids)
    not_root = one(conn, "SELECT is_root_event FROM event_clusters WHERE event_code = '154'")[0]
    assert not_root is False


def test_views_event_clusters_prefer_a_stated_place_to_a_dateline(analyst_db: Path, tmp_path: Path) -> None:
    """A cluster's place is the earliest report's that states one in the event's clause; a dateline
    fallback only when no report states one."""
    copy = tmp_path / "places.duckdb"
    copy.write_bytes(analyst_db.read_bytes())
    c = duckdb.connect(str(copy))
    try:
        ensure_views(c)
        talks = c.execute(
            "SELECT e.event_id FROM events e JOIN articles a USING (article_id) WHERE e.event_code = '046'"
            " ORDER BY a.published_at, e.article_id"
        ).fetchall()
        assert len(talks) == 2
        earliest, later = talks[0][0], talks[1][0]
        c.execute(
            "UPDATE events SET location_name = 'Washington', location_country = 'US',"
            " location_origin = 'dateline' WHERE event_id = ?",
            [earliest],
        )
        stated = (
            "UPDATE events SET location_name = 'Geneva', location_country = 'CH', location_origin = 'text'"
        )
        c.execute(stated + " WHERE event_id = ?", [later])
        place = "SELECT location_name, location_origin FROM event_clusters WHERE event_code = '046'"
        assert one(c, place) == ("Geneva", "text")
        c.execute(
            "UPDATE events SET location_name = NULL, location_origin = NULL WHERE event_id = ?", [later]
        )
        assert one(c, place) == ("Washington", "dateline")
    finally:
        c.close()


@pytest.mark.integration
def test_views_on_the_ingested_seeds_agree_with_the_tables(seed_db: Path) -> None:
    c = duckdb.connect(str(seed_db), read_only=True)
    try:
        ensure_views(c)
        n = {
            t: one(c, f"SELECT count(*) FROM {t}")[0]
            for t in ("events", "quotes", "runs", "rejects", "articles")
        }
        assert n["articles"] > 0 and n["runs"] >= 1
        for view in EXPECTED_VIEWS:
            c.execute(f"SELECT * FROM {view}").fetchall()
        assert one(c, "SELECT count(*) FROM events_enriched")[0] == n["events"]
        counted = one(c, f"SELECT count(*) FROM events WHERE {COUNTED}")[0]
        assert (one(c, "SELECT coalesce(sum(events), 0) FROM event_dyads_daily")[0]) == counted
        dated = one(c, f"SELECT count(*) FROM events WHERE {COUNTED} AND event_date IS NOT NULL")[0]
        assert one(c, "SELECT coalesce(sum(events), 0) FROM conflict_cooperation_timeseries")[0] == dated
        with_place = one(c, f"SELECT count(*) FROM events WHERE {COUNTED} AND location_name IS NOT NULL")[0]
        assert one(c, "SELECT coalesce(sum(events), 0) FROM places")[0] == with_place
        coded = one(c, "SELECT count(*) FROM events WHERE event_code IS NOT NULL")[0]
        assert one(c, "SELECT coalesce(sum(events), 0) FROM event_clusters")[0] == coded
        assert one(c, "SELECT coalesce(sum(quotes), 0) FROM quotes_by_speaker")[0] == n["quotes"]
        assert one(c, "SELECT count(*) FROM runs_summary")[0] == n["runs"]
        assert one(c, "SELECT coalesce(sum(inputs), 0) FROM rejects_summary")[0] == n["rejects"]
        bad = c.execute(
            "SELECT ee.event_id FROM events_enriched ee JOIN articles a USING (article_id)"
            " WHERE ee.sentence_text <> substr(a.text, ee.start_char + 1, ee.end_char - ee.start_char)"
        ).fetchall()
        assert bad == []
    finally:
        c.close()
