"""Stored raw documents: the inputs of articles that an older extractor version produced, read back from
``raw_documents`` (never fetched again). This is the source of the ``reprocess`` flow.

Each row's bytes (from the raw store beside the database, :mod:`tasks.rawstore`, or from ``content_gz`` in
databases written before it) are decompressed and rebuilt into the :class:`~tasks.records.RawDocument` it
was loaded from (content, kind, URL, headers, hints, identity), so cleaning sees exactly what it saw the
first time. Pages
of ``page_size`` rows are read on demand (keyset on ``input_key``), so memory stays flat; the connection is
closed before each page is yielded, so the loader can write between pages.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from tasks.paths import sql_text
from tasks.rawstore import RawStore
from tasks.records import Hints, RawDocument, Reject
from tasks.sources import ItemStream

WAIT_SECONDS = 600.0
_HINT_FIELDS = {f.name for f in fields(Hints)}


def _sql(name: str) -> str:
    return sql_text("reprocess", name)


def rebuild(row: dict[str, Any], store: RawStore | None = None) -> RawDocument | Reject:
    """One ``stale_raw_documents`` row → the raw document it was loaded from, or a reject. Its bytes are in
    the row (``content_gz``, databases written before the raw store) or in ``store`` under its hash."""
    ref = row["input_ref"] or row["input_key"]
    content = row.get("content_gz")
    if not row.get("has_raw", content is not None):
        return Reject(
            ref, "reprocess", "no_raw_document", "the article's raw input was not stored; re-ingest it"
        )
    if content is None and store is not None and row.get("raw_hash"):
        content = store.get_gz(row["raw_hash"])
    if content is None:
        where = store.path(row["raw_hash"]) if store is not None and row.get("raw_hash") else "the raw store"
        return Reject(ref, "reprocess", "no_raw_document", f"the raw input's file {where} is missing")
    try:
        raw = gzip.decompress(bytes(content))
    except (OSError, EOFError) as exc:
        return Reject(ref, "reprocess", "corrupt_raw_document", f"{type(exc).__name__}: {exc}"[:300])
    # JSONL content arrived as text (a JSON string); give cleaning the same type back.
    data: bytes | str = raw.decode("utf-8", "surrogatepass") if row.get("origin") == "jsonl" else raw
    hints_obj = json.loads(row["hints"]) if row.get("hints") else {}
    headers = json.loads(row["headers"]) if row.get("headers") else {}
    return RawDocument(
        input_ref=ref,
        origin=row.get("origin") or "file",
        kind="html" if row.get("kind") == "html" else "text",
        data=data,
        url=row.get("url"),
        final_url=row.get("final_url"),
        status=row.get("status"),
        headers={str(k): str(v) for k, v in headers.items()},
        fetched_at=row.get("fetched_at"),
        hints=Hints(**{k: v for k, v in hints_obj.items() if k in _HINT_FIELDS}),
        identity=row["input_key"],  # keeps input_key exactly as stored, so the article is replaced in place
    )


def _connect(db_path: str | Path) -> Any:
    from tasks.db import connect

    return connect(db_path, read_only=True, wait_seconds=WAIT_SECONDS)


def _has_tables(conn: Any) -> bool:
    """False for a database newsevents never wrote to (no schema yet)."""
    found = conn.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name IN ('articles', 'raw_documents')"
    ).fetchone()
    return bool(found and found[0] == 2)


def count_stale(db_path: str | Path, version: str) -> int:
    """How many articles an extractor version other than ``version`` produced (0 with no database)."""
    if not Path(db_path).exists():
        return 0
    conn = _connect(db_path)
    try:
        if not _has_tables(conn):
            return 0
        row = conn.execute(_sql("count_stale"), {"version": version}).fetchone()
        return int(row[0]) if row else 0
    finally:
        conn.close()


def stale_documents(
    db_path: str | Path, version: str, page_size: int = 50, limit: int | None = None
) -> ItemStream:
    """Stream the raw documents of stale articles, page by page; at most ``limit`` when given."""
    if not Path(db_path).exists():
        return
    after = ""
    left = limit
    query = _sql("stale_raw_documents")
    while left is None or left > 0:
        size = page_size if left is None else min(page_size, left)
        conn = _connect(db_path)
        try:
            if not _has_tables(conn):
                return
            rel = conn.execute(query, {"version": version, "after": after, "limit": size})
            cols = [d[0] for d in rel.description or []]
            rows = [dict(zip(cols, r, strict=True)) for r in rel.fetchall()]
        finally:
            conn.close()
        if not rows:
            return
        after = rows[-1]["input_key"]
        yield from _rebuilt(rows, RawStore.beside(db_path))
        if left is not None:
            left -= len(rows)
        if len(rows) < size:
            return


def _rebuilt(rows: list[dict[str, Any]], store: RawStore | None) -> Iterator[RawDocument | Reject]:
    for row in rows:
        yield rebuild(row, store)
