"""The ``reprocess`` flow: re-clean and re-extract, from the stored raw documents, every article that an
older extractor version produced. Nothing is fetched.

It composes the same batch pipeline as ``ingest`` (:func:`flows.ingest.run_pipeline`) over a different
source (:func:`tasks.sources.stored.stale_documents`). The loader replaces an article's rows by
``input_key``, so the old version's rows are gone and nothing is duplicated. Run it after upgrading
newsevents or editing a dictionary in ``tasks/data`` (both change the extractor version).
"""

from __future__ import annotations

from typing import Any

from prefect import flow

from flows.ingest import run_pipeline, stage_options
from tasks.sources.stored import count_stale, stale_documents
from tasks.version import extractor_version


@flow(name="reprocess", log_prints=True)
def reprocess(
    db: str = "data/newsevents.duckdb",
    batch_size: int = 50,
    workers: int = 1,
    strict: bool = False,
    model: str | None = None,
    min_words: int = 10,
    languages: list[str] | None = None,
    keep_unresolved_source: bool = False,
    max_input_bytes: int = 20_000_000,
    trafilatura_fast: bool = False,
    max_text_chars: int = 200_000,
    doc_timeout: float = 30.0,
    limit: int | None = None,
) -> dict[str, Any]:
    """Re-run cleaning and extraction on articles whose extractor_version is not the current one."""
    version = extractor_version()
    clean_opts, extract_opts = stage_options(
        max_input_bytes,
        min_words,
        languages,
        trafilatura_fast,
        max_text_chars,
        doc_timeout,
        model,
        keep_unresolved_source,
    )
    params = {"batch_size": batch_size, "workers": workers, "model": model, "strict": strict, "limit": limit}
    stale = count_stale(db, version)
    total = stale if limit is None else min(stale, limit)
    return run_pipeline(
        stale_documents(db, version, page_size=batch_size, limit=limit),
        flow_name="reprocess", db=db, clean_opts=clean_opts, extract_opts=extract_opts,
        batch_size=batch_size, workers=workers, strict=strict, params=params, total=total,
    )  # fmt: skip
