"""The loader on real DuckDB files: idempotent upserts, replacement of changed inputs, rejects, migrations."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from tasks.db import migrate, run_checks, table_counts
from tasks.load import load_batch
from tasks.records import CleanArticle, RawDocument, Reject, sha256_hex


def _article(text: str, input_key: str = "k1", ref: str = "r1") -> CleanArticle:
    return CleanArticle(
        article_id=sha256_hex(text), input_ref=ref, input_key=input_key, raw_hash=sha256_hex("raw" + text),
        origin="file", url=None, source=None, title="T", author=None, published_at=datetime(2024, 1, 1),
        published_at_origin="metadata", language="en", text=text, body_start=3, word_count=len(text.split()),
    )  # fmt: skip


def _rows(article: CleanArticle, n_sent: int = 2) -> dict[str, list[dict[str, object]]]:
    aid = article.article_id
    sents = [
        {"article_id": aid, "sentence_idx": i, "start_char": 0, "end_char": 1, "text": article.text[0]}
        for i in range(n_sent)
    ]
    ev = {
        "event_id": sha256_hex(aid + "e"), "article_id": aid, "sentence_idx": 0, "start_char": 0,
        "end_char": 1,
        "actor1_code": "USA", "event_code": "036", "event_root_code": "03", "quad_class": 1, "goldstein": 4.0,
    }  # fmt: skip
    mention = {"event_id": ev["event_id"], "article_id": aid, "mention_idx": 0, "sentence_idx": 0,
               "start_char": 0, "end_char": 1}  # fmt: skip
    return {"sentences": sents, "events": [ev], "event_mentions": [mention]}


def _load(db: Path, arts: list[CleanArticle], rejects: list[Reject] | None = None) -> None:
    rows: dict[str, list[dict[str, object]]] = {}
    for a in arts:
        for k, v in _rows(a).items():
            rows.setdefault(k, []).extend(v)
    load_batch(db, run_id="run", extractor_version="v1", articles=arts, rows=rows, rejects=rejects or [])


def test_load_same_batch_twice_adds_no_rows(db_path: Path) -> None:
    arts = [_article("first text"), _article("second text", "k2", "r2")]
    _load(db_path, arts)
    conn = duckdb.connect(str(db_path))
    first = table_counts(conn)
    conn.close()
    _load(db_path, arts)
    conn = duckdb.connect(str(db_path))
    assert table_counts(conn) == first
    assert first["articles"] == 2 and first["sentences"] == 4 and first["events"] == 2
    assert run_checks(conn) == {}
    conn.close()


def test_load_changed_input_replaces_old_article(db_path: Path) -> None:
    _load(db_path, [_article("old version of the story", "same-key")])
    _load(db_path, [_article("new version of the story", "same-key")])
    conn = duckdb.connect(str(db_path))
    texts = conn.execute("SELECT text FROM articles").fetchall()
    assert texts == [("new version of the story",)]
    assert conn.execute("SELECT count(*) FROM sentences").fetchone()[0] == 2
    assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == 1
    assert run_checks(conn) == {}
    conn.close()


def test_load_rejects_upsert_and_clear_on_success(db_path: Path) -> None:
    bad = Reject("r9", "decode", "empty", "0 bytes")
    _load(db_path, [], [bad])
    _load(db_path, [], [bad])
    conn = duckdb.connect(str(db_path))
    assert conn.execute("SELECT count(*), max(attempts) FROM rejects").fetchone() == (1, 2)
    conn.close()
    _load(db_path, [_article("now it loads", "k9", "r9")])
    conn = duckdb.connect(str(db_path))
    assert conn.execute("SELECT count(*) FROM rejects").fetchone()[0] == 0
    conn.close()


def test_load_raw_documents_are_compressed_and_idempotent(db_path: Path) -> None:
    """The raw bytes go to the content-addressed store beside the database, the row keeps the rest."""
    import gzip

    from tasks.rawstore import RawStore

    art = _article("body text")
    doc = RawDocument(input_ref="r1", origin="file", kind="text", data=b"raw bytes " * 100)
    again = RawDocument(input_ref="r2", origin="file", kind="text", data=b"raw bytes " * 100)  # same bytes
    for _ in range(2):
        load_batch(
            db_path, run_id="r", extractor_version="v", articles=[art], rows=_rows(art),
            raw_documents=[doc, again],
        )  # fmt: skip
    conn = duckdb.connect(str(db_path))
    rows = conn.execute(
        "SELECT content_gz, size_bytes, article_id, raw_hash FROM raw_documents ORDER BY input_ref"
    ).fetchall()
    conn.close()
    assert len(rows) == 2
    blob, size, aid, raw_hash = rows[0]
    assert blob is None and size == 1000 and aid == art.article_id and raw_hash == doc.raw_hash
    store = RawStore.beside(db_path)
    assert store is not None and store.root == db_path.with_name("newsevents.raw")
    files = sorted(p for p in store.root.rglob("*") if p.is_file())
    assert files == [store.path(doc.raw_hash)]  # one file for one content, whatever the inputs and runs
    stored = store.get_gz(doc.raw_hash)
    assert stored is not None and gzip.decompress(stored) == b"raw bytes " * 100 and len(stored) < size


def test_load_raw_documents_stay_in_the_row_for_an_in_memory_database() -> None:
    import gzip

    from tasks.load import raw_document_row
    from tasks.rawstore import RawStore

    assert RawStore.beside(":memory:") is None
    doc = RawDocument(input_ref="r1", origin="jsonl", kind="text", data="texte brut é")
    row = raw_document_row(doc, None, "r", datetime(2025, 1, 1))
    assert gzip.decompress(row["content_gz"]) == "texte brut é".encode()
    assert raw_document_row(doc, None, "r", datetime(2025, 1, 1), in_store=True)["content_gz"] is None


def test_load_failed_batch_rolls_back(db_path: Path) -> None:
    art = _article("some text")
    bad_rows = _rows(art)
    bad_rows["sentences"][0]["start_char"] = "not-an-int"
    with pytest.raises((duckdb.Error, pa.ArrowException)):
        load_batch(db_path, run_id="r", extractor_version="v", articles=[art], rows=bad_rows)
    conn = duckdb.connect(str(db_path))
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 0
    conn.close()


def test_db_migrate_is_rerunnable(db_path: Path) -> None:
    conn = duckdb.connect(str(db_path))
    first = migrate(conn)
    assert first and all(name.endswith(".sql") for name in first)
    assert migrate(conn) == []
    n_tables = conn.execute("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main'").fetchone()[0]
    assert n_tables >= 11
    conn.close()


def test_db_every_table_and_column_has_a_comment(migrated_db: duckdb.DuckDBPyConnection) -> None:
    missing_tables = migrated_db.execute(
        "SELECT table_name FROM duckdb_tables() WHERE schema_name='main' "
        "AND table_name <> 'schema_migrations' "
        "AND (comment IS NULL OR comment = '')"
    ).fetchall()
    missing_cols = migrated_db.execute(
        "SELECT table_name, column_name FROM duckdb_columns() c WHERE schema_name='main' "
        "AND table_name IN (SELECT table_name FROM duckdb_tables() WHERE schema_name='main') "
        "AND table_name <> 'schema_migrations' AND (comment IS NULL OR comment = '')"
    ).fetchall()
    assert missing_tables == []
    assert missing_cols == []


def test_load_changed_original_keeps_its_duplicates(db_path: Path) -> None:
    """A syndicated copy of a story stays linked (and counted) when the original's text is updated."""
    old = _article("the story as first published", "orig-key", "orig")
    _load(db_path, [old])
    dup = {"input_key": "copy-key", "input_ref": "copy", "original_article_id": old.article_id,
           "kind": "near", "similarity": 0.9, "url": None, "source": None}  # fmt: skip
    load_batch(db_path, run_id="r", extractor_version="v1", articles=[], rows={}, duplicates=[dup])
    new = _article("the story as corrected later", "orig-key", "orig")
    _load(db_path, [new])
    conn = duckdb.connect(str(db_path))
    assert conn.execute("SELECT original_article_id FROM duplicates").fetchall() == [(new.article_id,)]
    assert conn.execute("SELECT article_id, source_count FROM articles").fetchall() == [(new.article_id, 2)]
    assert run_checks(conn) == {}
    conn.close()


def test_load_known_rejects_reissued_only_for_same_bytes_version_and_deterministic_reason(
    db_path: Path,
) -> None:
    from tasks.load import known_rejects

    german = RawDocument("de.txt", "file", "text", b"Titel\n\nDas ist ein deutscher Text.")
    slow = RawDocument("slow.html", "file", "html", b"<html>...</html>")
    load_batch(
        db_path, run_id="r1", extractor_version="v1", articles=[], rows={},
        rejects=[Reject("de.txt", "language", "unsupported_language", "detected 'de'"),
                 Reject("slow.html", "clean", "timeout", "over 30 s")],
        raw_documents=[german, slow], options_key="en-only",
    )  # fmt: skip
    known = known_rejects(db_path, [german, slow], "v1", "en-only")
    assert list(known) == ["de.txt"]  # a timeout depends on the machine: always retried
    assert (known["de.txt"].stage, known["de.txt"].reason) == ("language", "unsupported_language")
    assert known_rejects(db_path, [german], "v2", "en-only") == {}  # a new extractor may decide otherwise
    assert known_rejects(db_path, [german], "v1", "en-and-de") == {}  # other options may decide otherwise
    assert known_rejects(db_path, [german], "v1") == {}
    edited = RawDocument("de.txt", "file", "text", b"Title\n\nNow it is an English text.")
    assert known_rejects(db_path, [edited], "v1", "en-only") == {}  # new bytes are cleaned again
    # Re-issuing bumps attempts and keeps the remembered hash.
    load_batch(
        db_path, run_id="r2", extractor_version="v1", articles=[], rows={}, rejects=list(known.values()),
        options_key="en-only",
    )  # fmt: skip
    conn = duckdb.connect(str(db_path))
    row = conn.execute("SELECT attempts, raw_hash FROM rejects WHERE input_ref = 'de.txt'").fetchone()
    conn.close()
    assert row == (2, german.raw_hash)
