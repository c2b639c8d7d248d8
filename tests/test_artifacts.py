"""tasks/artifacts.py: the builders (pure), the run queries on a real DuckDB file, and no-ops outside a
flow run. Publishing to a real Prefect server is tested in tests/test_prefect_server.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks import artifacts

SUMMARY = {
    "run_id": "0123456789abcdef",
    "inputs": 12,
    "loaded": 7,
    "unchanged": 2,
    "duplicates": 1,
    "rejected": 2,
    "events": 30,
    "reject_reasons": {"decode/binary": 1, "clean/too_short": 1},
    "tables": {"articles": 7, "events": 30},
    "elapsed_s": 2.5,
    "docs_per_s": 2.8,
    "words_per_s": 1234.0,
    "accounting_ok": True,
    "db": "data/x.duckdb",
    "extractor_version": "0.1.0+abc",
    "model": None,
}


def test_artifacts_summary_markdown_has_every_section() -> None:
    md = artifacts.summary_markdown("ingest", SUMMARY)
    assert md.startswith("# newsevents ingest · run `01234567`")  # no flow run name: ingest.fn
    for needle in (
        "**12 inputs** → 7 loaded, 2 unchanged, 1 duplicates, 2 rejected · accounting ok",
        "| `clean/too_short` | 1 |",
        "| `decode/binary` | 1 |",
        "| articles | 7 |",
        "| events | 30 |",
        "2.80 docs/s · 1,234 words/s",
        "extractor version: `0.1.0+abc`",
    ):
        assert needle in md, needle


def test_artifacts_summary_markdown_without_rejects() -> None:
    md = artifacts.summary_markdown("reprocess", {**SUMMARY, "reject_reasons": {}, "accounting_ok": False})
    assert "Nothing was rejected." in md and "accounting **MISMATCH**" in md


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([], [{"note": "empty!"}]),
        ([{"a": 1, "b": None, "c": True}], [{"a": 1, "b": None, "c": True}]),
        ([{"t": "x" * 500}], [{"t": "x" * (artifacts.CELL_CHARS - 1) + "…"}]),
        ([{"d": Path("p")}], [{"d": "p"}]),
    ],
)
def test_artifacts_table_rows(rows: list[dict], expected: list[dict]) -> None:
    assert artifacts.table_rows(rows, "empty!") == expected


@pytest.mark.parametrize(
    ("done", "total", "finished", "pct"),
    [
        (0, 10, False, 0.0),
        (5, 10, False, 50.0),
        (12, 10, False, 99.0),
        (3, None, False, 0.0),
        (3, None, True, 100.0),
    ],
)
def test_artifacts_progress_percent(done: int, total: int | None, finished: bool, pct: float) -> None:
    assert artifacts.progress_percent(done, total, finished) == pct


def test_artifacts_estimate_inputs_counts_files_and_jsonl_lines(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "b.html").write_text("<p>x</p>")
    (tmp_path / "c.jsonl").write_text('{"text": "a"}\n\n{"text": "b"}\n{"text": "c"}\n')
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    assert artifacts.estimate_inputs([tmp_path]) == 5
    assert artifacts.estimate_inputs([tmp_path / "missing"]) == 0


@pytest.mark.parametrize(
    ("kw", "expected"),
    [
        ({"urls": ["https://a.test/1", "https://a.test/2"]}, 3),
        ({"feeds": ["https://a.test/rss"]}, 1),  # a feed's entries join the total when the run reads it
        ({"sitemaps": ["https://a.test/sitemap.xml"]}, 1),  # so do a sitemap's, as each sitemap is read
        ({"url_files": ["URLS"]}, 4),  # 2 URLs and a bad line; comments and blank lines are not inputs
        ({"url_files": ["URLS"], "urls": ["https://a.test/3"]}, 5),
    ],
)
def test_artifacts_estimate_total_of_a_source_spec(tmp_path: Path, kw: dict, expected: int | None) -> None:
    from tasks.sources.registry import SourceSpec

    corpus = tmp_path / "in"
    corpus.mkdir()
    (corpus / "a.txt").write_text("x")
    url_file = tmp_path / "urls.txt"
    url_file.write_text("# list\nhttps://a.test/1\n\nhttps://a.test/2  # two\nnot a url\n")
    kw = {k: [str(url_file)] if v == ["URLS"] else v for k, v in kw.items()}
    assert artifacts.estimate_total(SourceSpec(paths=[str(corpus)], **kw)) == expected


def test_artifacts_outside_a_flow_run_do_nothing() -> None:
    reporter = artifacts.progress_reporter("ingest", 10)
    reporter("batch", {"loaded": 1})  # no Prefect API is touched
    assert artifacts.publish("ingest", SUMMARY, None) == []


def test_artifacts_query_run_tables_reads_only_this_run(migrated_db, db_path: Path) -> None:
    conn = migrated_db
    conn.execute(
        "INSERT INTO articles (article_id, input_key, run_id, title, source) VALUES "
        "('a1', 'k1', 'run-1', 'T1', 's'), ('a2', 'k2', 'run-2', 'T2', 's')"
    )
    conn.execute(
        "INSERT INTO entities (article_id, entity_idx, sentence_idx, start_char, end_char, text, label, "
        "actor_code) "
        "VALUES ('a1', 0, 0, 0, 6, 'Russia', 'GPE', 'RUS'), ('a1', 1, 0, 10, 16, 'Russia', 'GPE', 'RUS'), "
        "('a1', 2, 0, 20, 24, 'Monday', 'DATE', NULL), ('a2', 0, 0, 0, 4, 'NATO', 'ORG', 'NATO')"
    )
    conn.execute(
        "INSERT INTO events (event_id, article_id, sentence_idx, start_char, end_char, actor1_code, "
        "trigger_text, "
        "actor2_code, event_code, num_mentions, confidence) VALUES "
        "('e1', 'a1', 0, 0, 30, 'RUS', 'attacked', 'UKR', '190', 1, 0.5), "
        "('e2', 'a1', 1, 31, 60, 'USA', 'met', 'RUS', '040', 3, 0.9), "
        "('e3', 'a2', 0, 0, 20, 'NATO', 'warned', 'RUS', '130', 9, 0.9)"
    )
    conn.execute(
        "INSERT INTO rejects (input_ref, stage, reason, detail, run_id) VALUES "
        "('x.bin', 'decode', 'binary', 'NUL bytes', 'run-1'), ('y.txt', 'clean', 'too_short', '', 'run-2')"
    )
    conn.close()
    tables = artifacts.query_run_tables(db_path, "run-1")
    assert [e["did"] for e in tables.top_events] == ["met", "attacked"]  # most mentions first, run-1 only
    assert tables.top_actors == [
        {
            "actor": "RUS",
            "example_name": "Russia",
            "label": "GPE",
            "country": None,
            "mentions": 2,
            "articles": 1,
        }
    ]
    assert [(r["input_ref"], r["reason"]) for r in tables.rejects] == [("x.bin", "binary")]


def test_artifacts_summary_names_the_flow_run_and_gives_the_database_and_sql(tmp_path: Path) -> None:
    named = {**SUMMARY, "flow_run_name": "crimson-otter", "flow_run_id": "f-123", "db": "data/x.duckdb"}
    md = artifacts.summary_markdown("ingest", named)
    assert md.startswith("# newsevents ingest · flow run `crimson-otter` · run `01234567`")
    assert "- Prefect flow run: `crimson-otter` (`f-123`)" in md
    absolute = str(Path("data/x.duckdb").resolve())
    assert f"- database: `{absolute}`" in md
    for _, command in artifacts.sql_commands(absolute, SUMMARY["run_id"]):
        assert command in md


@pytest.mark.model
def test_artifacts_ready_sql_commands_run_as_printed(seed_db: Path) -> None:
    """The summary's commands, split as a shell splits them, run through the CLI on a real database."""
    import json
    import shlex

    import duckdb
    from typer.testing import CliRunner

    from newsevents.cli import app

    conn = duckdb.connect(str(seed_db), read_only=True)
    (run_id,) = conn.execute("SELECT run_id FROM runs").fetchone() or ("",)
    conn.close()
    commands = artifacts.sql_commands(str(seed_db.resolve()), run_id)
    assert [what for what, _ in commands] == ["this run", "its rejects", "an interactive shell"]
    for what, command in commands[:2]:
        argv = shlex.split(command)
        assert argv[0] == "newsevents"
        result = CliRunner().invoke(app, [*argv[1:], "--format", "json"])
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)
        if what == "this run":
            assert [r["run_id"] for r in rows] == [run_id]
        else:
            assert isinstance(rows, list)
