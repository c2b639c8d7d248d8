"""Parquet output: hive partitions by ingest date and batch, merge-on-read views, the same rows as DuckDB."""

from __future__ import annotations

import dataclasses
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from tasks.parquet_out import TABLES, ParquetOutput, open_views, to_arrow
from tasks.records import CleanArticle, RawDocument, Reject
from tests.conftest import SEEDS

runner = CliRunner()
# Columns that differ between two runs of the same inputs: run ids, clocks, and gzip's header timestamp.
# options_key: what lets the DuckDB output re-issue a reject without cleaning; Parquet output never does.
VOLATILE = {"run_id", "ingested_at", "created_at", "last_seen_at", "fetched_at", "content_gz", "options_key"}


def sorted_rows(
    conn: duckdb.DuckDBPyConnection, reference: duckdb.DuckDBPyConnection, table: str
) -> list[Any]:
    """Every row of ``table``, in the columns of the DuckDB schema minus the volatile ones, sorted."""
    cols = [r[0] for r in reference.execute(f"DESCRIBE {table}").fetchall() if r[0] not in VOLATILE]
    return conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY ALL").fetchall()


@pytest.fixture(scope="module")
def parquet_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, Any]]:
    """seeds/ ingested with --output parquet (in-process, real model): (lake folder, control db, summary)."""
    from flows.ingest import ingest

    base = tmp_path_factory.mktemp("parquet")
    lake, control = base / "lake", base / "control.duckdb"
    summary = ingest.fn(
        paths=[str(SEEDS)],
        db=str(control),
        options={"batch_size": 2, "output": "parquet", "parquet_dir": str(lake)},
    )
    return lake, control, summary


@pytest.mark.model
@pytest.mark.integration
def test_parquet_output_matches_duckdb_row_for_row(parquet_run: Any, seed_db: Path) -> None:
    lake, control, summary = parquet_run
    assert summary["loaded"] > 0 and summary["accounting_ok"]
    reference = duckdb.connect(str(seed_db), read_only=True)
    views = open_views(lake, control)
    try:
        for table in TABLES:
            expected = sorted_rows(reference, reference, table)
            assert sorted_rows(views, reference, table) == expected, table
        assert views.execute("SELECT count(*) FROM events").fetchall()[0][0] > 0
        assert views.execute("SELECT count(*) FROM runs").fetchall()[0][0] == 1  # from the control db
    finally:
        views.close()
        reference.close()


@pytest.mark.model
@pytest.mark.integration
def test_parquet_output_is_hive_partitioned_by_date_and_batch(parquet_run: Any) -> None:
    lake, _control, summary = parquet_run
    files = sorted(p.relative_to(lake).as_posix() for p in lake.rglob("*.parquet"))
    pattern = re.compile(
        r"^(\w+)/ingest_date=\d{4}-\d{2}-\d{2}/batch=\d{6}-[0-9a-f]{8}-\d{6}/part-0\.parquet$"
    )
    assert files and all(pattern.match(f) for f in files), files
    assert not list(lake.rglob("*.tmp"))
    batches = {f.split("/")[2] for f in files if f.startswith("articles/")}
    assert len(batches) >= 2  # 5 articles in batches of 2
    conn = duckdb.connect()
    rows = conn.execute(
        "SELECT ingest_date, batch, count(*) FROM read_parquet($g, hive_partitioning = true) GROUP BY ALL",
        {"g": str(lake / "articles" / "*" / "*" / "*.parquet")},
    ).fetchall()
    assert sum(r[2] for r in rows) == summary["loaded"]
    assert {type(r[0]).__name__ for r in rows} == {"date"}


@pytest.mark.model
@pytest.mark.integration
def test_parquet_output_rerun_skips_unchanged_inputs(parquet_run: Any, tmp_path: Path) -> None:
    from flows.ingest import ingest

    lake, control, first = parquet_run
    before = sorted(lake.rglob("*.parquet"))
    again = ingest.fn(
        paths=[str(SEEDS)],
        db=str(control),
        options={"batch_size": 2, "output": "parquet", "parquet_dir": str(lake)},
    )
    assert again["unchanged"] == first["loaded"] and again["loaded"] == 0
    assert sorted(lake.rglob("*.parquet")) == before  # nothing new written
    assert again["tables"]["articles"] == first["tables"]["articles"]


def _article(text: str, key: str = "https://news.example/a") -> CleanArticle:
    from tasks.records import sha256_hex

    return CleanArticle(
        article_id=sha256_hex(text), input_ref="a.html", input_key=key, raw_hash=sha256_hex("raw" + text),
        origin="file", url=key, source="news.example", title=None, author=None,
        published_at=datetime(2024, 5, 1), published_at_origin="metadata", language="en", text=text,
        body_start=0, word_count=len(text.split()),
    )  # fmt: skip


def _sentence(article: CleanArticle) -> dict[str, Any]:
    return {"article_id": article.article_id, "sentence_idx": 0, "start_char": 0,
            "end_char": len(article.text), "text": article.text}  # fmt: skip


def test_parquet_views_new_version_of_an_input_replaces_the_old(tmp_path: Path) -> None:
    """Merge on read: the same input_key with new text shows only the new article and its own rows."""
    old, new = (
        _article("Talks resumed in Geneva on Tuesday."),
        _article("Talks collapsed in Geneva on Tuesday."),
    )
    for art in (old, new):
        out = ParquetOutput(tmp_path / "lake")
        out.load_batch(
            run_id="r", extractor_version="v", articles=[art], rows={"sentences": [_sentence(art)]}
        )
    views = open_views(tmp_path / "lake")
    assert views.execute("SELECT count(*) FROM articles_all").fetchall()[0][0] == 2
    assert views.execute("SELECT article_id FROM articles").fetchall() == [(new.article_id,)]
    assert views.execute("SELECT text FROM sentences").fetchall() == [(new.text,)]


def test_parquet_views_later_success_hides_a_reject(tmp_path: Path) -> None:
    art = _article("Talks resumed in Geneva on Tuesday.")
    ParquetOutput(tmp_path / "lake").load_batch(
        run_id="r1",
        extractor_version="v",
        articles=[],
        rows={},
        rejects=[Reject("b.html", "clean", "too_short")],
    )
    views = open_views(tmp_path / "lake")
    assert views.execute("SELECT input_ref, attempts FROM rejects").fetchall() == [("b.html", 1)]
    ParquetOutput(tmp_path / "lake").load_batch(
        run_id="r2",
        extractor_version="v",
        articles=[],
        rows={},
        rejects=[Reject("b.html", "clean", "too_short")],
    )
    views = open_views(tmp_path / "lake")
    assert views.execute("SELECT input_ref, attempts FROM rejects").fetchall() == [("b.html", 2)]
    fixed = dataclasses.replace(art, input_ref="b.html")
    ParquetOutput(tmp_path / "lake").load_batch(run_id="r3", extractor_version="v", articles=[fixed], rows={})
    views = open_views(tmp_path / "lake")
    assert views.execute("SELECT count(*) FROM rejects").fetchall()[0][0] == 0


def test_parquet_views_exist_and_are_empty_without_files(tmp_path: Path) -> None:
    views = open_views(tmp_path / "nothing-yet")
    for table in TABLES:
        assert views.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] == 0
    cols = {r[0] for r in views.execute("DESCRIBE events").fetchall()}
    assert {"event_id", "article_id", "ingest_date", "batch"} <= cols


def test_parquet_unchanged_inputs_by_content_and_version(tmp_path: Path) -> None:
    art = _article("Talks resumed in Geneva on Tuesday.")
    doc = RawDocument(input_ref="a.html", origin="file", kind="html", data=b"<p>x</p>", url=art.input_key)
    art.raw_hash = doc.raw_hash
    out = ParquetOutput(tmp_path / "lake")
    assert out.unchanged_inputs([doc], "v") == set()
    out.load_batch(run_id="r", extractor_version="v", articles=[art], rows={}, raw_documents=[doc])
    assert out.unchanged_inputs([doc], "v") == {"a.html"}
    assert out.unchanged_inputs([doc], "v2") == set()  # a new extractor version redoes it
    changed = RawDocument(input_ref="a.html", origin="file", kind="html", data=b"<p>y</p>", url=art.input_key)
    assert out.unchanged_inputs([changed], "v") == set()


@pytest.mark.parametrize("table", ["events", "sentences"])
def test_parquet_to_arrow_uses_the_schema_and_refuses_unknown_columns(table: str) -> None:
    data = to_arrow(table, [{"article_id": "a", "sentence_idx": 0, "start_char": 0, "end_char": 1}])
    assert data.schema.field("start_char").type.bit_width == 32
    with pytest.raises(ValueError, match="no such column"):
        to_arrow(table, [{"article_id": "a", "not_a_column": 1}])


def test_parquet_cli_needs_a_folder(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["ingest", str(SEEDS), "--db", str(tmp_path / "x.duckdb"), "--output", "parquet"]
    )
    assert result.exit_code == 2
    assert "--parquet-dir" in result.output


def test_parquet_cli_sql_reads_the_views(tmp_path: Path) -> None:
    art = _article("Talks resumed in Geneva on Tuesday.")
    ParquetOutput(tmp_path / "lake").load_batch(
        run_id="r", extractor_version="v", articles=[art], rows={"sentences": [_sentence(art)]}
    )
    result = runner.invoke(
        app,
        ["sql", "--parquet-dir", str(tmp_path / "lake"), "--db", str(tmp_path / "none.duckdb"),
         "--format", "csv", "SELECT count(*) AS n FROM sentences"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output.strip().splitlines()[-1] == "1"
