"""The reprocess flow: after an extractor version bump, articles are re-cleaned and re-extracted from the
stored raw documents and updated in place — no duplicates, and the old version's rows are gone.

Real model, real DuckDB files; the flow runs in-process (``reprocess.fn``), which runs the same pipeline as
a Prefect flow run (tests/test_prefect_server.py serves the deployment).
"""

from __future__ import annotations

import gzip
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

import tasks.clean
import tasks.version
from flows.ingest import ingest
from flows.reprocess import reprocess
from tasks.db import ARTICLE_TABLES, connect, run_checks
from tasks.sources.stored import rebuild
from tests.conftest import SEEDS

pytestmark = [pytest.mark.model, pytest.mark.integration]

# Keys that must be unique in each table after any number of reprocess runs.
UNIQUE_KEYS = {
    "articles": "article_id",
    "sentences": "article_id, sentence_idx",
    "entities": "article_id, entity_idx",
    "events": "event_id",
    "event_mentions": "event_id, mention_idx",
    "quotes": "article_id, quote_idx",
    "raw_documents": "raw_hash, input_key",
}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """seeds/ ingested once by the current extractor; each test works on a copy."""
    path = tmp_path_factory.mktemp("reprocess") / "seeded.duckdb"
    ingest.fn(paths=[str(SEEDS)], db=str(path))
    return path


@pytest.fixture
def db(seeded: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "news.duckdb"
    shutil.copy(seeded, copy)
    shutil.copytree(seeded.with_suffix(".raw"), copy.with_suffix(".raw"))  # the raw pages beside it
    return copy


@pytest.fixture
def bumped(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A new extractor version, as after an upgrade of newsevents."""
    old = tasks.version.extractor_version()
    monkeypatch.setattr(tasks.version, "CODE_VERSION", "99.0.0")
    # The patch lives in this process only: worker processes would stamp rows with the real version.
    monkeypatch.setenv("NEWSEVENTS_WORKERS", "1")
    tasks.version.data_fingerprint.cache_clear()
    new = tasks.version.extractor_version()
    assert new != old
    yield new
    tasks.version.data_fingerprint.cache_clear()


def _query(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    conn = connect(db, read_only=True)
    try:
        return conn.execute(sql, params or []).fetchall()
    finally:
        conn.close()


def _counts(db: Path) -> dict[str, int]:
    return {t: _query(db, f"SELECT count(*) FROM {t}")[0][0] for t in UNIQUE_KEYS}


def _assert_no_duplicates(db: Path) -> None:
    for table, key in UNIQUE_KEYS.items():
        dups = _query(db, f"SELECT {key}, count(*) FROM {table} GROUP BY ALL HAVING count(*) > 1")
        assert dups == [], (table, dups[:3])


def test_reprocess_after_version_bump_updates_in_place(db: Path, bumped: str) -> None:
    before = _counts(db)
    old_ids = {r[0] for r in _query(db, "SELECT article_id FROM articles")}
    assert before["articles"] > 0 and before["events"] > 0

    summary = reprocess.fn(db=str(db))

    assert summary["inputs"] == before["articles"] == summary["loaded"]
    assert summary["rejected"] == 0 and summary["accounting_ok"]
    assert _query(db, "SELECT DISTINCT extractor_version FROM articles") == [(bumped,)]
    assert _counts(db) == before  # same cleaning and extraction logic: the same rows, replaced, not added
    assert {r[0] for r in _query(db, "SELECT article_id FROM articles")} == old_ids
    _assert_no_duplicates(db)
    assert _query(db, "SELECT count(*) FROM events WHERE extractor_version IS DISTINCT FROM ?", [bumped]) == [
        (0,)
    ]
    run = _query(
        db,
        "SELECT flow_name, status, accounting_ok, extractor_version FROM runs WHERE run_id = ?",
        [summary["run_id"]],
    )
    assert run == [("reprocess", "completed", True, bumped)]
    conn = connect(db, read_only=True)
    assert run_checks(conn) == {}
    conn.close()

    again = reprocess.fn(db=str(db))
    assert again["inputs"] == 0 and _counts(db) == before


def test_reprocess_with_changed_cleaning_drops_the_old_rows(
    db: Path, bumped: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new extractor that cleans text differently gives new article ids: the old ones vanish everywhere."""
    original = tasks.clean.clean_text

    def cleaner(raw: str, title: str | None = None) -> tuple[str | None, str]:
        got_title, body = original(raw, title)
        return got_title, body + "\n\nReprocessed by a newer extractor."

    monkeypatch.setattr(tasks.clean, "clean_text", cleaner)
    text_ids = {
        r[0]
        for r in _query(
            db,
            "SELECT a.article_id FROM articles a JOIN raw_documents r USING (raw_hash, "
            "input_key) WHERE r.kind = 'text'",
        )
    }
    assert text_ids, "the seeds include plain-text inputs"
    articles_before = _counts(db)["articles"]

    summary = reprocess.fn(db=str(db))

    assert summary["accounting_ok"] and summary["loaded"] == articles_before
    assert _counts(db)["articles"] == articles_before
    for table in (*ARTICLE_TABLES, "articles"):
        left = _query(
            db, f"SELECT count(*) FROM {table} WHERE article_id IN (SELECT unnest(?))", [list(text_ids)]
        )
        assert left == [(0,)], table
    texts = _query(
        db,
        "SELECT a.text FROM articles a JOIN raw_documents r USING (raw_hash, input_key) "
        "WHERE r.kind = 'text'",
    )
    assert texts and all(t[0].endswith("Reprocessed by a newer extractor.") for t in texts)
    _assert_no_duplicates(db)


def test_reprocess_reads_raw_pages_from_the_store_missing_file_is_a_reject(db: Path, bumped: str) -> None:
    """New rows keep their raw bytes in the store beside the database (content_gz is null); a file gone
    from the store is one reject naming it, and the other articles are reprocessed."""
    from tasks.rawstore import RawStore

    assert _query(db, "SELECT count(*) FROM raw_documents WHERE content_gz IS NOT NULL") == [(0,)]
    victim = _query(db, "SELECT input_ref, raw_hash FROM articles ORDER BY input_key LIMIT 1")[0]
    store = RawStore.beside(db)
    assert store is not None
    store.path(victim[1]).unlink()
    summary = reprocess.fn(db=str(db))
    assert summary["reject_reasons"] == {"reprocess/no_raw_document": 1}
    assert summary["accounting_ok"] and summary["loaded"] == summary["inputs"] - 1
    (detail,) = _query(db, "SELECT detail FROM rejects WHERE input_ref = ?", [victim[0]])[0]
    assert str(store.path(victim[1])) in detail


def test_reprocess_without_a_stored_raw_document_is_a_reject(db: Path, bumped: str) -> None:
    victim = _query(db, "SELECT input_key, input_ref FROM articles ORDER BY input_key LIMIT 1")[0]
    conn = connect(db)
    conn.execute("DELETE FROM raw_documents WHERE input_key = ?", [victim[0]])
    conn.close()
    summary = reprocess.fn(db=str(db))
    assert summary["reject_reasons"] == {"reprocess/no_raw_document": 1}
    assert summary["accounting_ok"] and summary["loaded"] == summary["inputs"] - 1
    assert _query(db, "SELECT stage, reason FROM rejects WHERE input_ref = ?", [victim[1]]) == [
        ("reprocess", "no_raw_document")
    ]


def test_reprocess_limit_and_nothing_stale(db: Path, tmp_path: Path, bumped: str) -> None:
    assert reprocess.fn(db=str(tmp_path / "absent.duckdb"))["inputs"] == 0
    first = reprocess.fn(db=str(db), limit=2, options={"batch_size": 1})
    assert first["inputs"] == 2 and first["loaded"] == 2
    rest = reprocess.fn(db=str(db))
    assert rest["inputs"] == _counts(db)["articles"] - 2


def test_reprocess_after_turning_keep_hypothetical_on(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A setting that changes what extraction writes is part of the extractor version: turning it on makes
    every stored article stale, and reprocess writes the hypothetical events it kept out before."""
    monkeypatch.setenv("NEWSEVENTS_WORKERS", "1")
    hypothetical = "SELECT count(*) FROM events WHERE status = 'hypothetical'"
    assert _query(db, hypothetical) == [(0,)]  # the default leaves them out
    articles = _counts(db)["articles"]
    assert reprocess.fn(db=str(db))["inputs"] == 0  # nothing stale under the same settings

    summary = reprocess.fn(db=str(db), options={"keep_hypothetical": True})
    assert summary["inputs"] == articles == summary["loaded"]
    assert _query(db, hypothetical)[0][0] > 0
    (version,) = _query(db, "SELECT DISTINCT extractor_version FROM articles")[0]
    assert version.endswith("+hypothetical")
    _assert_no_duplicates(db)
    assert reprocess.fn(db=str(db), options={"keep_hypothetical": True})["inputs"] == 0


@pytest.mark.parametrize(
    ("row", "kind", "data", "hints"),
    [
        (
            {"origin": "jsonl", "kind": "text", "hints": json.dumps({"title": "T", "source": "S"})},
            "text",
            "héllo",
            {"title": "T", "source": "S"},
        ),
        ({"origin": "file", "kind": "html", "hints": None}, "html", "héllo".encode(), {}),
    ],
)
def test_reprocess_rebuild_restores_the_raw_document(row: dict, kind: str, data: object, hints: dict) -> None:
    full = {
        "input_key": "jsonl-id:7",
        "input_ref": "a.jsonl:3",
        "raw_hash": "h",
        "url": "https://x.test/a",
        "final_url": None,
        "status": 200,
        "headers": json.dumps({"content-type": "text/html; charset=utf-8"}),
        "fetched_at": None,
        "content_gz": gzip.compress("héllo".encode()),
        **row,
    }
    doc = rebuild(full)
    assert not isinstance(doc, tasks.clean.Reject)
    assert doc.kind == kind and doc.data == data and doc.input_key == "jsonl-id:7"
    assert doc.headers == {"content-type": "text/html; charset=utf-8"} and doc.url == "https://x.test/a"
    assert {k: v for k, v in vars_of(doc.hints).items() if v is not None} == hints


def vars_of(obj: object) -> dict:
    return {name: getattr(obj, name) for name in obj.__slots__}  # type: ignore[attr-defined]


def test_reprocess_rebuild_rejects_corrupt_content() -> None:
    bad = rebuild({"input_key": "k", "input_ref": "r", "content_gz": b"not gzip", "origin": "file"})
    assert isinstance(bad, tasks.clean.Reject) and bad.reason == "corrupt_raw_document"


def test_reprocess_reads_nothing_from_duckdb_when_empty(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()
    assert reprocess.fn(db=str(path))["inputs"] == 0


def test_reprocess_cli_missing_model_is_one_line(
    db: Path, bumped: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from newsevents.cli import app

    monkeypatch.setenv("NEWSEVENTS_MODEL", "/no/such/model")
    result = CliRunner().invoke(app, ["reprocess", "--db", str(db), "--orchestrator", "local"])
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [result.output.strip()]
    assert "cannot load spaCy model '/no/such/model'" in result.output
