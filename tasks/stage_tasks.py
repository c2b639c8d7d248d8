"""The Prefect tasks of the CPU-bound stages: thin wrappers of :func:`tasks.clean.clean_batch` and
:func:`tasks.extract.extract_articles`, with their cache keys (:mod:`tasks.cache`).

They live apart from the stage functions so that a worker process never imports Prefect. With
``workers`` > 1 a task hands its batch to a worker process (:mod:`tasks.executor`), which unpickles the
stage function and so imports only the stage's own module: ``tasks.clean`` and ``tasks.extract`` (and
``tasks.nlp``) import nothing of Prefect, which an import-linter contract in ``pyproject.toml`` keeps true.
Importing Prefect costs a process about 0.75 s of CPU (docs/BENCHMARKS.md), paid once per worker for
nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from prefect import task

from tasks.cache import CACHE_EXPIRATION, clean_cache_key, extract_cache_key
from tasks.clean import CleanOptions, clean_batch
from tasks.executor import run_cpu, run_cpu_parts, split_even
from tasks.extract import ExtractOptions, Rows, extract_articles, merge_extracted
from tasks.records import CleanArticle, RawDocument, Reject


@task(
    name="clean-batch", cache_key_fn=clean_cache_key, cache_expiration=CACHE_EXPIRATION, persist_result=True
)
def clean_batch_task(
    docs: Sequence[RawDocument],
    options: CleanOptions,
    strict: bool = False,
    workers: int = 1,
    model: str | None = None,
) -> tuple[list[CleanArticle], list[Reject]]:
    """Clean one batch (on the worker pool when workers > 1)."""
    return run_cpu(clean_batch, docs, options, strict, workers=workers, model=model)


@task(
    name="extract-batch",
    cache_key_fn=extract_cache_key,
    cache_expiration=CACHE_EXPIRATION,
    persist_result=True,
)
def extract_batch_task(
    articles: Sequence[CleanArticle], options: ExtractOptions, strict: bool = False, workers: int = 1
) -> tuple[list[CleanArticle], Rows, list[Reject]]:
    """Parse and code one batch (with workers > 1, spread over the worker pool in parts of about equal
    length, so that the last batch of a run keeps every worker busy)."""
    if workers <= 1 or len(articles) < 2:
        return run_cpu(extract_articles, articles, options, strict, workers=workers, model=options.model)
    parts = split_even(list(articles), workers, lambda a: a.word_count)
    results = run_cpu_parts(extract_articles, parts, options, strict, workers=workers, model=options.model)
    return merge_extracted(results)
