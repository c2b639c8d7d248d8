"""Parquet output: every batch's rows as Parquet files, for runs too large for one DuckDB file.

Layout (hive-style, one folder per table), under a local folder or any URI pyarrow can write
(``s3://...``, ``gs://...``)::

    <root>/<table>/ingest_date=YYYY-MM-DD/batch=<HHMMSS>-<run id>-<NNNNNN>/part-0.parquet

``batch`` sorts by run start within a day, then by batch number, and is unique per run. Files are written
once and never changed (append-only); a local file appears under its final name only when complete.
Column types come from the DuckDB schema in ``sql/schema``, so every partition has the same schema.

DuckDB reads them through views (:func:`create_views`): ``<table>_all`` is every row ever written
(``read_parquet(..., hive_partitioning = true)``), and ``<table>`` merges on read with the rules of the
DuckDB loader: the latest version of an input replaces older ones, child rows follow their article's
batch, a later success hides older rejects (``sql/parquet/*.sql``). The analysis views of ``sql/views``
are then created on top. ``newsevents sql --parquet-dir DIR`` opens such a connection.

The run's bookkeeping (``runs``, near-duplicate signatures, fetch state) stays in the ``--db`` DuckDB file;
the Prefect artifacts that query the run's events read that file, so they are empty in this mode.
Inputs already written with the same content and extractor version are skipped, as in DuckDB mode.
Exact duplicates are detected within a run; across runs they are written again and merged on read.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.fs as pafs
import pyarrow.parquet as pq

from tasks.load import LoadStats, article_row, raw_document_row, utcnow
from tasks.paths import sql_dir
from tasks.records import CleanArticle, RawDocument, Reject

CHILD_TABLES = ("sentences", "entities", "events", "event_mentions", "quotes")
TABLES = ("articles", *CHILD_TABLES, "raw_documents", "duplicates", "rejects")
EMPTY_SCHEMA = "newsevents_empty"  # where create_views keeps typed empty tables for tables with no files


@lru_cache(maxsize=1)
def arrow_schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of every data table, from the DuckDB DDL in ``sql/schema``."""
    from tasks.db import migrate

    conn = duckdb.connect()
    try:
        migrate(conn)
        # Table names come from the constant above.
        return {t: conn.sql(f"SELECT * FROM {t} LIMIT 0").to_arrow_table().schema for t in TABLES}  # noqa: S608
    finally:
        conn.close()


def _filesystem(root: str | Path) -> tuple[pafs.FileSystem, str]:
    text = str(root)
    if "://" in text:
        fs, path = pafs.FileSystem.from_uri(text)
        return fs, path.rstrip("/")
    return pafs.LocalFileSystem(), os.path.abspath(text)


def to_arrow(table: str, rows: Sequence[dict[str, Any]]) -> pa.Table:
    """Rows (dicts) → an Arrow table with the table's schema; unknown columns are an error, as in DuckDB."""
    schema = arrow_schemas()[table]
    unknown = {k for row in rows[:1] for k in row} - set(schema.names)
    if unknown:
        raise ValueError(f"{table}: no such column(s) {', '.join(sorted(unknown))}")
    return pa.Table.from_pylist(list(rows), schema=schema)


class ParquetOutput:
    """Writes each batch as Parquet partitions under ``root``; the flow's single writer calls it."""

    def __init__(self, root: str | Path, started: datetime | None = None, run_id: str | None = None) -> None:
        self.root = str(root)
        self.fs, self.base = _filesystem(root)
        started = started or utcnow()
        self._run_tag = f"{started:%H%M%S}-{(run_id or uuid.uuid4().hex)[:8]}"
        self._batches = 0

    # ------------------------------------------------------------------------------------------ writing

    def _path(self, table: str, day: str, batch: str) -> str:
        return f"{self.base}/{table}/ingest_date={day}/batch={batch}/part-0.parquet"

    def _write(self, table: str, rows: Sequence[dict[str, Any]], day: str, batch: str) -> int:
        if not rows:
            return 0
        data = to_arrow(table, rows)
        path = self._path(table, day, batch)
        self.fs.create_dir(path.rsplit("/", 1)[0], recursive=True)
        if isinstance(self.fs, pafs.LocalFileSystem):
            tmp = path.rsplit("/", 1)[0] + "/.part-0.parquet.tmp"
            pq.write_table(data, tmp, filesystem=self.fs)
            os.replace(tmp, path)  # readers never see a half-written file
        else:
            pq.write_table(data, path, filesystem=self.fs)  # object stores publish an object whole
        return data.num_rows

    def load_batch(
        self,
        *,
        run_id: str,
        extractor_version: str,
        articles: Sequence[CleanArticle],
        rows: dict[str, list[dict[str, Any]]],
        rejects: Sequence[Reject] = (),
        raw_documents: Sequence[RawDocument] = (),
        duplicates: Sequence[dict[str, Any]] = (),
    ) -> LoadStats:
        """Write one batch (same arguments as :func:`tasks.load.load_batch`, minus the database)."""
        self._batches += 1
        now = utcnow()
        day = now.date().isoformat()
        batch = f"{self._run_tag}-{self._batches:06d}"
        stats = LoadStats()
        by_ref = {a.input_ref: a.article_id for a in articles}
        stats.articles = self._write(
            "articles", [article_row(a, run_id, extractor_version, now) for a in articles], day, batch
        )
        for table in CHILD_TABLES:
            stats.rows[table] = self._write(table, rows.get(table, []) if articles else [], day, batch)
        keyed = {(d["input_key"], d["original_article_id"]): d for d in duplicates}
        stats.duplicates = self._write(
            "duplicates", [{**d, "run_id": run_id, "created_at": now} for d in keyed.values()], day, batch
        )
        raw = {
            (d.raw_hash, d.input_key): raw_document_row(d, by_ref.get(d.input_ref), run_id, now)
            for d in raw_documents
        }
        self._write("raw_documents", list(raw.values()), day, batch)
        unique = {(r.input_ref, r.stage, r.reason): r for r in rejects}
        raw_hashes = {d.input_ref: d.raw_hash for d in raw_documents}
        reject_rows = [
            {"input_ref": r.input_ref, "stage": r.stage, "reason": r.reason, "detail": r.detail[:2000],
             "run_id": run_id, "created_at": now, "last_seen_at": now, "attempts": 1,
             "raw_hash": raw_hashes.get(r.input_ref), "extractor_version": extractor_version}
            for r in unique.values()
        ]  # fmt: skip
        stats.rejects = self._write("rejects", reject_rows, day, batch)
        return stats

    # ------------------------------------------------------------------------------------------ reading

    def has_files(self, table: str) -> bool:
        """Whether any Parquet file of ``table`` exists under the root."""
        info = self.fs.get_file_info(f"{self.base}/{table}")
        if info.type != pafs.FileType.Directory:
            return False
        selector = pafs.FileSelector(f"{self.base}/{table}", recursive=True)
        return any(
            f.path.endswith(".parquet") and f.type == pafs.FileType.File
            for f in self.fs.get_file_info(selector)
        )

    def glob(self, table: str) -> str:
        """The ``read_parquet`` glob of one table (a URI for object stores)."""
        prefix = self.root.rstrip("/") if "://" in self.root else self.base
        return f"{prefix}/{table}/*/*/*.parquet"

    def known_rejects(self, docs: Sequence[RawDocument], extractor_version: str) -> dict[str, Reject]:
        """Parquet output keeps rejects per run; every rejected input is cleaned again on a re-run."""
        return {}

    def unchanged_inputs(self, docs: Sequence[RawDocument], extractor_version: str) -> set[str]:
        """input_refs of docs whose exact content this extractor version already wrote."""
        if not docs or not self.has_files("articles"):
            return set()
        conn = duckdb.connect()
        try:
            conn.register(
                "_nev_probe",
                pa.table({"input_ref": [d.input_ref for d in docs], "raw_hash": [d.raw_hash for d in docs],
                          "input_key": [d.input_key for d in docs]}),
            )  # fmt: skip
            found = conn.execute(
                """
                SELECT p.input_ref FROM _nev_probe AS p
                WHERE EXISTS (
                    SELECT 1 FROM read_parquet($glob, hive_partitioning = true) AS a
                    WHERE a.raw_hash = p.raw_hash AND a.input_key = p.input_key
                      AND a.extractor_version = $version)
                """,
                {"glob": self.glob("articles"), "version": extractor_version},
            ).fetchall()
            return {r[0] for r in found}
        finally:
            conn.close()

    def counts(self) -> dict[str, int]:
        """Rows per table as the merged views see them."""
        conn = open_views(self.root)
        try:
            return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}  # noqa: S608
        finally:
            conn.close()


def _literal(text: str) -> str:
    """A SQL string literal. DDL cannot bind parameters, so the one path in a view is quoted here."""
    return "'" + text.replace("'", "''") + "'"


def create_views(
    conn: duckdb.DuckDBPyConnection, root: str | Path, control_db: str | Path | None = None
) -> list[str]:
    """Create, on ``conn``, the views that read the Parquet output under ``root``; return their names.

    With ``control_db`` (the run's DuckDB file, attached read-only), ``runs`` is visible too.
    """
    out = ParquetOutput(root)
    conn.execute(f"CREATE SCHEMA IF NOT EXISTS {EMPTY_SCHEMA}")
    created: list[str] = []
    # Names come from the constants above; the one path is quoted by _literal (DDL cannot bind values).
    for table in TABLES:
        if out.has_files(table):
            source = (
                f"read_parquet({_literal(out.glob(table))}, hive_partitioning = true, union_by_name = true)"
            )
        else:  # typed and empty, with the partition columns, so every view and query still binds
            empty = pa.Table.from_pylist([], schema=arrow_schemas()[table])
            conn.register(f"_nev_empty_{table}", empty)
            conn.execute(
                f"CREATE OR REPLACE TABLE {EMPTY_SCHEMA}.{table} AS SELECT * FROM _nev_empty_{table}"  # noqa: S608
            )
            conn.unregister(f"_nev_empty_{table}")
            source = (
                f"(SELECT *, NULL::DATE AS ingest_date, NULL::VARCHAR AS batch FROM {EMPTY_SCHEMA}.{table})"  # noqa: S608
            )
        conn.execute(f"CREATE OR REPLACE VIEW {table}_all AS SELECT * FROM {source}")  # noqa: S608
        created.append(f"{table}_all")
    parquet_sql = sql_dir() / "parquet"
    for table in TABLES:
        conn.execute((parquet_sql / f"{table}.sql").read_text(encoding="utf-8"))
        created.append(table)
    if control_db is not None and Path(control_db).exists():
        conn.execute(f"ATTACH {_literal(str(Path(control_db).resolve()))} AS control (READ_ONLY)")
        conn.execute("CREATE OR REPLACE VIEW runs AS SELECT * FROM control.runs")
        created.append("runs")
    for path in sorted(
        (sql_dir() / "views").glob("*.sql")
    ):  # the analysis views, over the merged views (skipped if they need more)
        try:
            conn.execute(path.read_text(encoding="utf-8"))
            created.append(path.stem)
        except duckdb.Error:
            continue
    return created


def open_views(root: str | Path, control_db: str | Path | None = None) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with the Parquet output's views (see :func:`create_views`)."""
    conn = duckdb.connect()
    create_views(conn, root, control_db)
    return conn
