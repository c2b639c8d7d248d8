"""Where a run's rows go: the DuckDB file (default) or Parquet partitions (:mod:`tasks.parquet_out`).

Both outputs have the same calls, which is all the flow needs: ``unchanged_inputs`` (what a re-run
can skip), ``known_rejects`` (rejects a re-run can re-issue without cleaning again), ``load_batch`` (one
batch, written by the flow's single writer) and ``counts``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from tasks import load
from tasks.records import CleanArticle, RawDocument, Reject

OUTPUTS = ("duckdb", "parquet")


class Output(Protocol):
    def unchanged_inputs(self, docs: Sequence[RawDocument], extractor_version: str) -> set[str]: ...

    def known_rejects(self, docs: Sequence[RawDocument], extractor_version: str) -> dict[str, Reject]: ...

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
    ) -> load.LoadStats: ...

    def counts(self) -> dict[str, int]: ...


class DuckDBOutput:
    """The DuckDB file: idempotent upserts, one transaction per batch (:mod:`tasks.load`).

    ``options_key`` (:meth:`tasks.clean.CleanOptions.reject_key`) names the run's cleaning options: rejects
    are stored with it, and only rejects stored under the same key are re-issued without cleaning."""

    def __init__(self, db_path: str | Path, options_key: str | None = None) -> None:
        self.db_path = db_path
        self.options_key = options_key

    def unchanged_inputs(self, docs: Sequence[RawDocument], extractor_version: str) -> set[str]:
        return load.unchanged_inputs(self.db_path, docs, extractor_version)

    def known_rejects(self, docs: Sequence[RawDocument], extractor_version: str) -> dict[str, Reject]:
        return load.known_rejects(self.db_path, docs, extractor_version, self.options_key)

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
    ) -> load.LoadStats:
        return load.load_batch(
            self.db_path, run_id=run_id, extractor_version=extractor_version, articles=articles, rows=rows,
            rejects=rejects, raw_documents=raw_documents, duplicates=duplicates, options_key=self.options_key,
        )  # fmt: skip

    def counts(self) -> dict[str, int]:
        return load.counts(self.db_path)


def output_for(
    output: str,
    db_path: str | Path,
    parquet_dir: str | Path | None = None,
    *,
    run_id: str | None = None,
    started: datetime | None = None,
    options_key: str | None = None,
) -> Output:
    """The output named ``output`` (duckdb | parquet). ``options_key`` names the run's cleaning options
    (:meth:`tasks.clean.CleanOptions.reject_key`), which decide which stored rejects can be re-issued."""
    if output == "duckdb":
        return DuckDBOutput(db_path, options_key)
    if output == "parquet":
        if not parquet_dir:
            raise ValueError("--output parquet needs --parquet-dir DIR (a folder or an object-store URI)")
        from tasks.parquet_out import ParquetOutput

        return ParquetOutput(parquet_dir, started=started, run_id=run_id)
    raise ValueError(f"unknown output {output!r}: choose one of {', '.join(OUTPUTS)}")
