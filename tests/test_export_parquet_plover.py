"""Parquet export (every table, read back equal) and PLOVER-style JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.exports import export_parquet, export_plover, iter_jsonl, plover_contexts
from tasks.db import TABLES, open_readonly, table_counts
from tests.analyst_db import build_analyst_db

runner = CliRunner()


@pytest.fixture(scope="module")
def analyst_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_analyst_db(tmp_path_factory.mktemp("pq") / "analyst.duckdb")


@pytest.fixture(scope="module")
def records(analyst_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("plover") / "events.jsonl"
    conn = open_readonly(analyst_db)
    try:
        stats = export_plover(conn, out)
    finally:
        conn.close()
    assert (stats.written, stats.skipped) == (8, 0)
    return {r["eventText"]: r for r in iter_jsonl(out)}


def test_parquet_every_table_round_trips(analyst_db: Path, tmp_path: Path) -> None:
    conn = open_readonly(analyst_db)
    try:
        counts = export_parquet(conn, tmp_path / "pq")
        expected = table_counts(conn)
        for table in TABLES:
            path = tmp_path / "pq" / f"{table}.parquet"
            assert path.is_file()
            diff = conn.execute(
                f"SELECT count(*) FROM ((SELECT * FROM {table} EXCEPT ALL SELECT * FROM read_parquet(?))"
                f" UNION ALL (SELECT * FROM read_parquet(?) EXCEPT ALL SELECT * FROM {table}))",
                [str(path), str(path)],
            ).fetchall()[0][0]
            assert diff == 0, table
    finally:
        conn.close()
    assert {t: counts[t] for t in TABLES} == expected
    manifest = json.loads((tmp_path / "pq" / "manifest.json").read_text())
    assert manifest["rows"] == counts and manifest["files"]["events"] == "events.parquet"


def test_parquet_types_survive(analyst_db: Path, tmp_path: Path) -> None:
    conn = open_readonly(analyst_db)
    try:
        export_parquet(conn, tmp_path)
    finally:
        conn.close()
    other = duckdb.connect()
    described = other.execute("DESCRIBE SELECT * FROM read_parquet(?)", [str(tmp_path / "events.parquet")])
    types = {row[0]: row[1] for row in described.fetchall()}
    other.close()
    assert (
        types["event_date"] == "DATE"
        and types["goldstein"] == "DOUBLE"
        and types["is_symmetric"] == "BOOLEAN"
    )


def test_parquet_cli_with_views(analyst_db: Path, tmp_path: Path) -> None:
    res = runner.invoke(app, ["export", "parquet", str(tmp_path / "out"), "--db", str(analyst_db), "--views"])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "events_enriched.parquet").is_file()
    assert (tmp_path / "out" / "event_clusters.parquet").is_file()
    assert "events_enriched.parquet\t9" in res.stdout


def test_plover_record_shape(records: dict[str, dict]) -> None:
    assert set(records) == {
        "negotiate",
        "massed",
        "engage",
        "hold talks",
        "accused",
        "meet",
        "rallied",
        "detained",
    }
    for rec in records.values():
        assert {"id", "date", "source", "event", "eventText", "text", "cameo", "evidence"} <= rec.keys()
        assert rec["event"].isupper() and rec["source"][0]["actorText"]
        assert rec["status"] in {"occurred", "planned", "hypothetical"}


def test_plover_actors_sectors_and_symmetry(records: dict[str, dict]) -> None:
    engage = records["engage"]
    assert engage["source"] == [
        {"actorText": "The United States", "code": "USA", "sector": "GOV", "cameo": "USAGOV"}
    ]
    assert engage["target"] == [{"actorText": "Russia", "code": "RUS", "cameo": "RUS"}]
    talks = records["negotiate"]
    assert [a["code"] for a in talks["source"]] == ["USA", "RUS"] and "target" not in talks
    assert talks["eventLoc"] == {"name": "Geneva", "country code": "CH", "lat": 46.20222, "lon": 6.14569}
    assert talks["date"] == "2022-01-10" and talks["status"] == "planned"


def test_plover_mode_and_context(records: dict[str, dict]) -> None:
    assert records["detained"]["mode"] == "arrest"
    assert "mode" not in records["negotiate"]
    if plover_contexts():  # the CAMEO→PLOVER table ships with the coder
        assert records["negotiate"]["context"] == ["diplomatic"]
        assert records["massed"]["context"] == ["military"]


def test_plover_text_is_the_evidence_at_its_offsets(records: dict[str, dict], analyst_db: Path) -> None:
    conn = duckdb.connect(str(analyst_db), read_only=True)
    try:
        texts = dict(conn.execute("SELECT article_id, text FROM articles").fetchall())
    finally:
        conn.close()
    for rec in records.values():
        ev = rec["evidence"]
        article = texts[ev["article_id"]]
        assert article[ev["start_char"] : ev["end_char"]] == rec["text"]
        assert article[ev["trigger_start"] : ev["trigger_end"]] == rec["eventText"]


def test_plover_denied_only_with_all_statuses(analyst_db: Path, tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["export", "plover", str(tmp_path / "all.jsonl"), "--db", str(analyst_db), "--all-statuses"]
    )
    assert res.exit_code == 0, res.output
    assert "9 PLOVER record(s)" in " ".join(res.output.split())
    statuses = {r["status"] for r in iter_jsonl(tmp_path / "all.jsonl")}
    assert "denied" in statuses


def test_plover_skips_events_without_a_plover_type(analyst_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(analyst_db.read_bytes())
    conn = duckdb.connect(str(copy))
    conn.execute("UPDATE events SET plover_event = NULL WHERE trigger_text = 'accused'")
    conn.close()
    conn = open_readonly(copy)
    try:
        stats = export_plover(conn, tmp_path / "p.jsonl")
    finally:
        conn.close()
    assert (stats.written, stats.skipped) == (7, 1)


def test_parquet_raw_documents_carry_their_bytes_from_the_raw_store(tmp_path: Path) -> None:
    """Raw bytes live in the store beside the database; the exported raw_documents still holds them."""
    import gzip

    from tasks.load import load_batch
    from tasks.records import RawDocument

    db = tmp_path / "raw.duckdb"
    docs = [RawDocument(f"p{i}.html", "file", "html", f"<p>page {i}</p>".encode() * 50) for i in range(3)]
    load_batch(db, run_id="r", extractor_version="v", articles=[], rows={}, raw_documents=docs)
    conn = open_readonly(db)
    try:
        assert conn.execute("SELECT count(content_gz) FROM raw_documents").fetchone() == (0,)
        export_parquet(conn, tmp_path / "pq")
    finally:
        conn.close()
    exported = str(tmp_path / "pq" / "raw_documents.parquet")
    query = "SELECT input_ref, content_gz FROM read_parquet(?) ORDER BY input_ref"
    rows = duckdb.connect().execute(query, [exported]).fetchall()
    assert [(ref, gzip.decompress(blob)) for ref, blob in rows] == [(d.input_ref, d.data) for d in docs]
