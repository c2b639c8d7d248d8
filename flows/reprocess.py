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

from flows.ingest import run_pipeline
from tasks.settings import PipelineOptions, resolve
from tasks.sources.stored import count_stale, stale_documents


@flow(name="reprocess", log_prints=True)
def reprocess(
    db: str | None = None, limit: int | None = None, options: PipelineOptions | None = None
) -> dict[str, Any]:
    """Re-run cleaning and extraction on articles whose extractor_version is not the current one.

    Whatever is left empty takes its setting (defaults, newsevents.toml, NEWSEVENTS_*), loaded when the
    run starts; what is given wins.

    Args:
        db: The DuckDB file. Empty: the db setting (data/newsevents.duckdb).
        limit: Redo at most this many articles. Empty: all.
        options: How the run cleans, parses and loads (batch size, workers, model, languages, ...).
    """
    settings = resolve(db=db, options=options)
    version = settings.extractor_version()
    params = {
        "batch_size": settings.batch_size, "workers": settings.workers, "model": settings.model,
        "strict": settings.strict, "limit": limit,
    }  # fmt: skip
    db_file = str(settings.db)
    stale = count_stale(db_file, version)
    total = stale if limit is None else min(stale, limit)
    return run_pipeline(
        stale_documents(db_file, version, page_size=settings.batch_size, limit=limit),
        flow_name="reprocess", settings=settings, params=params, total=total,
    )  # fmt: skip
