"""Load stage: the single writer. One transaction per batch, bulk Arrow inserts, idempotent upserts.

Idempotency rules:

- an article is keyed by a hash of its text; loading it again replaces its rows (delete + insert in the
  same transaction), so a re-run never adds rows;
- a new version of an input (same ``input_key``, new text) replaces the old article and all its rows;
- rejects are one row per (input, stage, reason): a re-run bumps ``attempts``; a later success removes them.

The writer is guarded by :func:`tasks.db.writer_lock` for the whole run (a second run waits), and opens
DuckDB per batch, so readers can query between batches.
"""

from __future__ import annotations

import json
import os
import socket
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from tasks import db as dbmod
from tasks import rawstore
from tasks.paths import sql_text
from tasks.records import CleanArticle, RawDocument, Reject

WAIT_SECONDS = 120.0

ARTICLE_COLUMNS = (
    "article_id",
    "input_key",
    "input_ref",
    "origin",
    "url",
    "source",
    "title",
    "author",
    "published_at",
    "published_at_origin",
    "language",
    "text",
    "body_start",
    "word_count",
    "raw_hash",
)


def _sql(name: str) -> str:
    return sql_text("load", name)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(slots=True)
class LoadStats:
    """What one batch load wrote."""

    articles: int = 0
    replaced: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    rejects: int = 0
    duplicates: int = 0


# Files this process has fully migrated (schema and views), with their number of applied migrations.
# Migrating re-creates every view and cost ~150 ms per open; the writer opens the file 3 times per batch.
_MIGRATED: dict[str, int] = {}


def _open(db_path: str | Path) -> duckdb.DuckDBPyConnection:
    """Connect and make sure the schema is current: fully once per process and file, then a 1 ms probe."""
    conn = dbmod.connect(db_path, wait_seconds=WAIT_SECONDS)
    key = str(Path(db_path).resolve()) if str(db_path) != ":memory:" else ""
    if key and key in _MIGRATED:
        try:
            row = conn.execute("SELECT count(*) FROM schema_migrations").fetchall()[0]
            if row is not None and row[0] == _MIGRATED[key]:
                return conn
        except duckdb.Error:  # the file was replaced by a new, empty one
            pass
    dbmod.migrate(conn)
    if key:
        _MIGRATED[key] = conn.execute("SELECT count(*) FROM schema_migrations").fetchall()[0][0]
    return conn


def _insert(conn: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> int:
    """Bulk insert rows (dicts) via Arrow; columns are matched by name."""
    if not rows:
        return 0
    arrow = pa.Table.from_pylist(list(rows))
    view = f"_nev_{table}_{uuid.uuid4().hex[:8]}"
    conn.register(view, arrow)
    try:
        # Table names come from code constants; the data is bound through the registered Arrow view.
        conn.execute(f"INSERT INTO {table} BY NAME SELECT * FROM {view}")  # noqa: S608
    finally:
        conn.unregister(view)
    return len(rows)


def _ids_view(conn: duckdb.DuckDBPyConnection, name: str, column: str, values: Iterable[str]) -> None:
    conn.register(name, pa.table({column: pa.array(sorted(set(values)), pa.string())}))


def article_row(article: CleanArticle, run_id: str, extractor_version: str, now: datetime) -> dict[str, Any]:
    row = {k: getattr(article, k) for k in ARTICLE_COLUMNS}
    row.update(extractor_version=extractor_version, ingested_at=now, run_id=run_id, source_count=1)
    return row


def raw_bytes(doc: RawDocument) -> bytes:
    """The raw content as stored: bytes as read, text (JSONL) as UTF-8."""
    return doc.data.encode("utf-8") if isinstance(doc.data, str) else doc.data


def raw_document_row(
    doc: RawDocument, article_id: str | None, run_id: str, now: datetime, *, in_store: bool = False
) -> dict[str, Any]:
    """A ``raw_documents`` row; with ``in_store`` its bytes are in the raw store (:mod:`tasks.rawstore`)
    and ``content_gz`` is null."""
    data = raw_bytes(doc)
    return {
        "raw_hash": doc.raw_hash,
        "input_key": doc.input_key,
        "input_ref": doc.input_ref,
        "origin": doc.origin,
        "kind": doc.kind,
        "url": doc.url,
        "final_url": doc.final_url,
        "status": doc.status,
        "headers": json.dumps(doc.headers) if doc.headers else None,
        "hints": json.dumps({k: v for k, v in asdict(doc.hints).items() if v is not None}) or None,
        "fetched_at": doc.fetched_at or now,
        "size_bytes": len(data),
        "content_gz": None if in_store else rawstore.compress(data),
        "article_id": article_id,
        "run_id": run_id,
    }


def upsert_rejects(
    conn: duckdb.DuckDBPyConnection,
    rejects: Sequence[Reject],
    run_id: str,
    now: datetime,
    raw_hashes: dict[str, str] | None = None,
    extractor_version: str | None = None,
    options_key: str | None = None,
) -> int:
    """One row per (input, stage, reason); a repeat bumps attempts and last_seen_at.

    ``raw_hashes`` maps input_ref to the hash of the content rejected, and ``options_key`` names the
    cleaning options of the run, so that a re-run over the same bytes with the same options can re-issue
    the reject without cleaning again (:func:`known_rejects`).
    """
    if not rejects:
        return 0
    raw_hashes = raw_hashes or {}
    unique = {(r.input_ref, r.stage, r.reason): r for r in rejects}
    rows = [
        {
            "input_ref": r.input_ref,
            "stage": r.stage,
            "reason": r.reason,
            "detail": r.detail[:2000],
            "run_id": run_id,
            "created_at": now,
            "last_seen_at": now,
            "attempts": 1,
            "raw_hash": raw_hashes.get(r.input_ref),
            "extractor_version": extractor_version,
            "options_key": options_key,
        }
        for r in unique.values()
    ]
    conn.register("_nev_rejects", pa.Table.from_pylist(rows))
    try:
        conn.execute(
            """
            UPDATE rejects SET detail = n.detail, run_id = n.run_id, last_seen_at = n.last_seen_at,
                   attempts = rejects.attempts + 1, raw_hash = coalesce(n.raw_hash, rejects.raw_hash),
                   extractor_version = n.extractor_version, options_key = n.options_key
            FROM _nev_rejects AS n
            WHERE rejects.input_ref = n.input_ref AND rejects.stage = n.stage AND rejects.reason = n.reason
            """
        )
        conn.execute(
            """
            INSERT INTO rejects BY NAME
            SELECT n.* FROM _nev_rejects AS n
            ANTI JOIN rejects AS r ON r.input_ref = n.input_ref AND r.stage = n.stage AND r.reason = n.reason
            """
        )
    finally:
        conn.unregister("_nev_rejects")
    return len(rows)


def load_batch(
    db_path: str | Path,
    *,
    run_id: str,
    extractor_version: str,
    articles: Sequence[CleanArticle],
    rows: dict[str, list[dict[str, Any]]],
    rejects: Sequence[Reject] = (),
    raw_documents: Sequence[RawDocument] = (),
    duplicates: Sequence[dict[str, Any]] = (),
    options_key: str | None = None,
) -> LoadStats:
    """Write one batch in one transaction. Safe to repeat: the same batch twice leaves the same rows.

    The raw pages go to the raw store beside the database first (:mod:`tasks.rawstore`: durable
    content-addressed files, outside the transaction and the lock), then their ``raw_documents`` rows commit
    with the rest of the batch. ``options_key`` (:meth:`tasks.clean.CleanOptions.reject_key`) is stored with
    the batch's rejects."""
    stats = LoadStats()
    now = utcnow()
    store = rawstore.RawStore.beside(db_path)
    if store is not None and raw_documents:
        store.put_many({d.raw_hash: raw_bytes(d) for d in raw_documents}.items())
    article_ids = [a.article_id for a in articles]
    by_ref = {a.input_ref: a.article_id for a in articles}
    with dbmod.thread_lock():
        conn = _open(db_path)
        try:
            conn.execute("BEGIN")
            if articles:
                _ids_view(conn, "_nev_ids", "article_id", article_ids)
                conn.register(
                    "_nev_keys",
                    pa.table({"input_key": [a.input_key for a in articles], "new_id": article_ids}),
                )
                # Older versions of these inputs: a changed input replaces its old article entirely.
                stale = conn.execute(
                    """
                    SELECT DISTINCT a.article_id FROM articles AS a
                    JOIN _nev_keys AS k USING (input_key)
                    WHERE a.article_id NOT IN (SELECT article_id FROM _nev_ids)
                    """
                ).fetchall()
                stats.replaced = len(stale)
                if stale:
                    # Copies of the old version are copies of the story: they follow it to its new version.
                    conn.execute(
                        """
                        UPDATE duplicates SET original_article_id = m.new_id
                        FROM (SELECT DISTINCT a.article_id AS old_id, k.new_id FROM articles AS a
                              JOIN _nev_keys AS k USING (input_key) WHERE a.article_id <> k.new_id) AS m
                        WHERE duplicates.original_article_id = m.old_id
                        """
                    )
                # Fast path for new articles (the common case): nothing to delete, no duplicates to count.
                present, dup_refs = conn.execute(
                    """
                    SELECT
                        (SELECT count(*) FROM articles WHERE article_id IN (SELECT article_id FROM _nev_ids)),
                        (SELECT count(*) FROM duplicates
                         WHERE original_article_id IN (SELECT article_id FROM _nev_ids))
                    """
                ).fetchall()[0]
                if stale or present:
                    _ids_view(conn, "_nev_drop", "article_id", article_ids + [r[0] for r in stale])
                    for table in (*dbmod.ARTICLE_TABLES, "articles"):
                        # Table names come from code constants.
                        conn.execute(
                            f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM _nev_drop)"  # noqa: S608
                        )
                    conn.execute(
                        "DELETE FROM duplicates"
                        " WHERE original_article_id IN (SELECT article_id FROM _nev_drop)"
                        " AND original_article_id NOT IN (SELECT article_id FROM _nev_ids)"
                    )
                    conn.unregister("_nev_drop")
                stats.articles = _insert(
                    conn, "articles", [article_row(a, run_id, extractor_version, now) for a in articles]
                )
                for table in dbmod.ARTICLE_TABLES:
                    stats.rows[table] = _insert(conn, table, rows.get(table, []))
                if dup_refs:
                    conn.execute(
                        """
                        UPDATE articles SET source_count = 1 + (
                            SELECT count(*) FROM duplicates AS d
                            WHERE d.original_article_id = articles.article_id)
                        WHERE article_id IN (SELECT article_id FROM _nev_ids)
                        """
                    )
                _ids_view(conn, "_nev_refs", "input_ref", by_ref.keys())
                conn.execute("DELETE FROM rejects WHERE input_ref IN (SELECT input_ref FROM _nev_refs)")
                for view in ("_nev_ids", "_nev_keys", "_nev_refs"):
                    conn.unregister(view)
            if duplicates:
                keyed = {(d["input_key"], d["original_article_id"]): d for d in duplicates}
                _ids_view(conn, "_nev_dupkeys", "input_key", [k for k, _ in keyed])
                conn.execute("DELETE FROM duplicates WHERE input_key IN (SELECT input_key FROM _nev_dupkeys)")
                conn.unregister("_nev_dupkeys")
                stats.duplicates = _insert(
                    conn, "duplicates", [{**d, "run_id": run_id, "created_at": now} for d in keyed.values()]
                )
                _ids_view(conn, "_nev_orig", "article_id", [o for _, o in keyed])
                conn.execute(
                    """
                    UPDATE articles SET source_count = 1 + (
                        SELECT count(*) FROM duplicates AS d
                        WHERE d.original_article_id = articles.article_id)
                    WHERE article_id IN (SELECT article_id FROM _nev_orig)
                    """
                )
                conn.unregister("_nev_orig")
                _ids_view(conn, "_nev_duprefs", "input_ref", [d["input_ref"] for d in keyed.values()])
                conn.execute("DELETE FROM rejects WHERE input_ref IN (SELECT input_ref FROM _nev_duprefs)")
                conn.unregister("_nev_duprefs")
            if raw_documents:
                raw_rows = {
                    (d.raw_hash, d.input_key): raw_document_row(
                        d, by_ref.get(d.input_ref), run_id, now, in_store=store is not None
                    )
                    for d in raw_documents
                }
                conn.register(
                    "_nev_raw_keys",
                    pa.table({"raw_hash": [k[0] for k in raw_rows], "input_key": [k[1] for k in raw_rows]}),
                )
                conn.execute(
                    "DELETE FROM raw_documents WHERE (raw_hash, input_key) IN "
                    "(SELECT (raw_hash, input_key) FROM _nev_raw_keys)"
                )
                conn.unregister("_nev_raw_keys")
                _insert(conn, "raw_documents", list(raw_rows.values()))
            stats.rejects = upsert_rejects(
                conn,
                rejects,
                run_id,
                now,
                {d.input_ref: d.raw_hash for d in raw_documents},
                extractor_version,
                options_key,
            )
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()
    return stats


def unchanged_inputs(db_path: str | Path, docs: Sequence[RawDocument], extractor_version: str) -> set[str]:
    """input_refs of docs whose exact raw content is already loaded by this extractor version."""
    if not docs or not Path(db_path).exists():
        return set()
    with dbmod.thread_lock():
        conn = _open(db_path)
        try:
            conn.register(
                "_nev_probe",
                pa.table(
                    {
                        "input_ref": [d.input_ref for d in docs],
                        "raw_hash": [d.raw_hash for d in docs],
                        "input_key": [d.input_key for d in docs],
                    }
                ),
            )
            found = conn.execute(
                """
                SELECT p.input_ref FROM _nev_probe AS p
                WHERE EXISTS (
                    SELECT 1 FROM articles AS a
                    WHERE a.raw_hash = p.raw_hash AND a.input_key = p.input_key AND a.extractor_version = ?)
                OR EXISTS (
                    SELECT 1 FROM duplicates AS d JOIN raw_documents AS r
                      ON r.input_key = d.input_key AND r.raw_hash = p.raw_hash
                    WHERE d.input_key = p.input_key)
                """,
                [extractor_version],
            ).fetchall()
            return {r[0] for r in found}
        finally:
            conn.close()


# Reject reasons that depend on the machine or on a bug, not on the input: always retried.
RETRIED_REASONS = ("timeout", "internal_error")
DETERMINISTIC_STAGES = ("decode", "clean", "language")


def known_rejects(
    db_path: str | Path,
    docs: Sequence[RawDocument],
    extractor_version: str,
    options_key: str | None = None,
) -> dict[str, Reject]:
    """Rejects to re-issue without cleaning: the same input, the same bytes, the same extractor version
    and the same cleaning options (``options_key``), rejected at a deterministic stage (decode, clean,
    language) for a reason that is not a timeout. A page rejected for its language under ``languages =
    ["en"]`` is cleaned again once ``fr`` is added."""
    if not docs or not Path(db_path).exists():
        return {}
    with dbmod.thread_lock():
        conn = _open(db_path)
        try:
            conn.register(
                "_nev_rprobe",
                pa.table({"input_ref": [d.input_ref for d in docs], "raw_hash": [d.raw_hash for d in docs]}),
            )
            found = conn.execute(
                _sql("known_rejects"),
                {
                    "version": extractor_version,
                    "options_key": options_key,
                    "stages": list(DETERMINISTIC_STAGES),
                    "retried": list(RETRIED_REASONS),
                },
            ).fetchall()
            conn.unregister("_nev_rprobe")
            return {ref: Reject(ref, stage, reason, detail or "") for ref, stage, reason, detail in found}
        finally:
            conn.close()


def process_alive(pid: int) -> bool:
    """True when a process with this id exists on this host (it may belong to another user)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def start_run(db_path: str | Path, run: dict[str, Any]) -> list[str]:
    """Record a run as running, with this process's id and host; mark runs left running as crashed.

    Call it holding :func:`tasks.db.writer_lock`: every run holds that lock from start to finish, so a row
    still 'running' now belongs to a process that died (SIGKILL, power loss) and never finished it. Such rows
    become 'crashed' (``finished_at`` stays null). A row whose process is still alive on this host is left
    alone (a writer that bypassed the lock). Returns the ids of the runs marked crashed.
    """
    host = socket.gethostname()
    me = os.getpid()
    with dbmod.thread_lock():
        conn = _open(db_path)
        try:
            conn.execute("BEGIN")
            left = conn.execute("SELECT run_id, pid, hostname FROM runs WHERE status = 'running'").fetchall()
            crashed = [
                (rid, pid, h)
                for rid, pid, h in left
                if not (h == host and pid is not None and pid != me and process_alive(pid))
            ]
            for rid, pid, h in crashed:
                conn.execute(
                    "UPDATE runs SET status = 'crashed', error = ? WHERE run_id = ?",
                    [
                        f"crashed: process {pid} on {h} ended without finishing the run "
                        f"(found by run {run['run_id']})",
                        rid,
                    ],
                )
            _insert(conn, "runs", [{**run, "pid": me, "hostname": host}])
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()
    return [c[0] for c in crashed]


def finish_run(db_path: str | Path, run_id: str, values: dict[str, Any]) -> None:
    """Update a run's row with its final counts and status."""
    cols = sorted(values)
    with dbmod.thread_lock():
        conn = _open(db_path)
        try:
            # The SQL names the columns, so each must be a column of runs: never a string from elsewhere.
            rel = conn.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'runs'")
            unknown = set(cols) - {r[0] for r in rel.fetchall()}
            if unknown:
                raise ValueError(f"finish_run: runs has no column {', '.join(sorted(unknown))}")
            sets = ", ".join(f"{c} = ?" for c in cols)
            conn.execute(f"UPDATE runs SET {sets} WHERE run_id = ?", [values[c] for c in cols] + [run_id])  # noqa: S608
        finally:
            conn.close()


def counts(db_path: str | Path) -> dict[str, int]:
    """Row counts per table."""
    with dbmod.thread_lock():
        conn = _open(db_path)
        try:
            return dbmod.table_counts(conn)
        finally:
            conn.close()
