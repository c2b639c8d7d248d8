"""The ``ingest`` flow: discover sources → clean → deduplicate → extract → load, in batches.

It only composes the stages in ``tasks/``. Inputs stream from the sources in batches of ``batch_size``
through two bounded FIFO windows (:func:`tasks.concurrency.window`), one for cleaning and one for
extraction, so at most the plan's ``window`` batches are in flight and memory stays flat whatever the corpus
size; the cleaning of later batches overlaps the extraction of earlier ones. Deduplication and loading take
the batches in input order, which keeps runs deterministic. One writer (this process) loads DuckDB, one
transaction per batch, under the writer lock, so a second run on the same file waits.

Run it under Prefect (``ingest(...)``: a flow run with one task run per batch and stage, submitted to the
flow's task runner or to Dask), or in-process with no orchestration (``ingest.fn(...)``, what
``newsevents ingest`` does when no Prefect API is configured: the same task functions on a
``concurrent.futures`` pool, or in this thread with one worker): the same body, the same stages.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prefect import flow
from prefect.context import FlowRunContext

from tasks import artifacts, concurrency, outputs, progress
from tasks.db import writer_lock
from tasks.dedup import Deduplicator
from tasks.extract import Rows
from tasks.load import finish_run, start_run, utcnow
from tasks.nlp.model import model_identity
from tasks.records import CleanArticle, RawDocument, Reject
from tasks.runs import AccountingError, RunSummary, RunTally
from tasks.settings import FetchOverrides, PipelineOptions, Settings, resolve
from tasks.sources.registry import SourceSpec, open_sources
from tasks.stage_tasks import clean_batch_task, extract_batch_task
from tasks.version import package_version

log = logging.getLogger("newsevents.ingest")


def _logger() -> Any:
    if FlowRunContext.get() is not None:
        from prefect.logging import get_run_logger

        return get_run_logger()
    return log


def _batches(
    items: Iterable[RawDocument | Reject], size: int, ramp: int = 1
) -> Iterator[tuple[list[RawDocument], list[Reject]]]:
    """Documents in batches of ``size`` (with the rejects met on the way). The first ``ramp`` batches are
    ``size / ramp``, so that a small input still gives every worker a batch: 40 pages at the default 50 on
    a 2-worker Dask cluster are batches of 25 and 15, parsed at the same time, not one batch of 40."""
    docs: list[RawDocument] = []
    rejects: list[Reject] = []
    emitted = 0
    for item in items:
        if isinstance(item, Reject):
            rejects.append(item)
        else:
            docs.append(item)
        if len(docs) >= (size if emitted >= ramp else max(1, -(-size // ramp))):
            yield docs, rejects
            docs, rejects = [], []
            emitted += 1
    if docs or rejects:
        yield docs, rejects


REJECTS_LOGGED = 20  # per batch log line; every reject is in the rejects table and artifact


def describe_rejects(rejects: list[Reject], limit: int = REJECTS_LOGGED) -> str:
    """``input (stage/reason), ...`` for a log line, the first ``limit`` of them."""
    shown = ", ".join(f"{r.input_ref} ({r.stage}/{r.reason})" for r in rejects[:limit])
    more = len(rejects) - limit
    return f"{shown}, and {more} more (see the rejects table)" if more > 0 else shown


@dataclass(slots=True)
class _Skipped:
    """What a run did not need to clean: inputs unchanged since they were loaded or rejected."""

    unchanged: int = 0
    rejected_before: int = 0
    cleaned: int = 0  # inputs sent to cleaning

    def nothing_to_do(self, inputs: int) -> str:
        """The one line a run that cleaned nothing logs instead of showing empty stages as work."""
        if self.unchanged == inputs:
            return f"all {inputs} inputs unchanged: nothing to clean or extract"
        if self.unchanged + self.rejected_before == inputs:
            return (
                f"all {inputs} inputs unchanged ({self.unchanged} loaded and {self.rejected_before} rejected "
                "before): nothing to clean or extract"
            )
        return (
            f"nothing to clean or extract: {self.unchanged} of {inputs} inputs unchanged, "
            f"{self.rejected_before} rejected before, the rest rejected while being read or fetched"
        )


@dataclass(slots=True)
class _Batch:
    """One batch on its way through the stages, with what each stage decided about its inputs."""

    no: int
    docs: list[RawDocument]  # the inputs to clean (unchanged ones and known rejects left out)
    rejects: list[Reject]
    unchanged: int = 0
    fresh: list[CleanArticle] = field(default_factory=list)  # cleaned, not duplicates: to extract
    duplicates: list[dict[str, Any]] = field(default_factory=list)


class _Stages:
    """The steps of one run, batch by batch; :func:`run_pipeline` chains them. Clean and extract are
    submitted as tasks; triage, dedup and load run here, in input order, so the run is deterministic and
    this process is the single writer."""

    def __init__(
        self,
        settings: Settings,
        sink: outputs.Output,
        submitter: concurrency.Submitter,
        tally: RunTally,
        plan: concurrency.RunnerPlan,
        logger: Any,
    ) -> None:
        self.clean_opts, self.extract_opts = settings.clean_options(), settings.extract_options()
        self.strict, self.workers = settings.strict, plan.stage_workers
        self.version = settings.extractor_version()
        self.sink, self.submitter, self.tally, self.logger = sink, submitter, tally, logger
        self.dedup = Deduplicator(settings.db, extractor_version=self.version)
        self.skipped = _Skipped()

    def triage(self, no: int, docs: list[RawDocument], rejects: list[Reject]) -> _Batch:
        """Leave out inputs unchanged since they were loaded, and those rejected before for the same bytes."""
        self.tally.inputs += len(docs) + len(rejects)
        skip = self.sink.unchanged_inputs(docs, self.version)
        todo = [d for d in docs if d.input_ref not in skip]
        unchanged = len(docs) - len(todo)
        self.tally.unchanged += unchanged
        known = self.sink.known_rejects(todo, self.version)  # same bytes rejected before: not cleaned again
        todo = [d for d in todo if d.input_ref not in known]
        self.skipped.unchanged += unchanged
        self.skipped.rejected_before += len(known)
        self.skipped.cleaned += len(todo)
        return _Batch(no=no, docs=todo, rejects=[*rejects, *known.values()], unchanged=unchanged)

    def clean(self, batch: _Batch) -> concurrency.Pending[tuple[list[CleanArticle], list[Reject]]]:
        """A clean task run; none for a batch with nothing to clean (it would show as work)."""
        if not batch.docs:
            return concurrency.done(([], []))
        args = (batch.docs, self.clean_opts, self.strict, self.workers, self.extract_opts.model)
        return self.submitter.submit(clean_batch_task, f"clean-batch-{batch.no}", *args)

    def deduplicate(self, batch: _Batch, cleaned: tuple[list[CleanArticle], list[Reject]]) -> _Batch:
        """Split cleaned articles into fresh ones, duplicates and unchanged ones (called in input order)."""
        articles, rejects = cleaned
        batch.rejects.extend(rejects)
        batch.fresh, batch.duplicates = self.dedup.check(articles)
        same = self.dedup.take_unchanged()  # same input, same text as already loaded: nothing to redo
        batch.unchanged += len(same)
        self.tally.unchanged += len(same)
        return batch

    def extract(self, batch: _Batch) -> concurrency.Pending[tuple[list[CleanArticle], Rows, list[Reject]]]:
        """An extract task run; none for a batch with nothing new to parse."""
        if not batch.fresh:
            return concurrency.done(([], {}, []))
        args = (batch.fresh, self.extract_opts, self.strict, self.workers)
        return self.submitter.submit(extract_batch_task, f"extract-batch-{batch.no}", *args)

    def load(self, batch: _Batch, extracted: tuple[list[CleanArticle], Rows, list[Reject]]) -> None:
        """Write the batch in one transaction, count it, and say what it loaded and rejected."""
        kept, rows, rejects = extracted
        batch.rejects.extend(rejects)
        stats = self.sink.load_batch(
            run_id=self.tally.run_id,
            extractor_version=self.version,
            articles=kept,
            rows=rows,
            rejects=batch.rejects,
            raw_documents=batch.docs,
            duplicates=batch.duplicates,
        )
        tally = self.tally
        tally.loaded += len(kept)
        tally.duplicates += len(batch.duplicates)
        tally.add_rejects(batch.rejects)
        tally.events += stats.rows.get("events", 0)
        tally.words += sum(a.word_count for a in kept)
        tally.batches += 1
        if kept:
            self.logger.info("batch %d loaded %s", batch.no, ", ".join(a.article_id[:12] for a in kept[:20]))
        if batch.rejects:
            what = describe_rejects(batch.rejects)
            self.logger.info("batch %d rejected %d: %s", batch.no, len(batch.rejects), what)
        progress.report(
            "batch",
            no=batch.no,
            inputs=len(batch.docs),
            loaded=len(kept),
            rejected=len(batch.rejects),
            duplicates=len(batch.duplicates),
            unchanged=batch.unchanged,
        )


@flow(name="ingest", log_prints=True)
def ingest(
    paths: list[str] | None = None,
    urls: list[str] | None = None,
    url_files: list[str] | None = None,
    feeds: list[str] | None = None,
    feed_files: list[str] | None = None,
    sitemaps: list[str] | None = None,
    revisit_known: bool = False,
    db: str | None = None,
    options: PipelineOptions | None = None,
    fetch: FetchOverrides | None = None,
) -> dict[str, Any]:
    """Ingest articles from files, folders, globs, WARC files, URLs, URL files, feeds and sitemaps into the
    DuckDB file ``db``; return the run summary.

    Whatever is left empty takes its setting: defaults, then newsevents.toml in the working directory (or
    NEWSEVENTS_CONFIG), then NEWSEVENTS_* variables, loaded when the run starts; what is given wins.

    Args:
        paths: Files, folders or globs of .txt, .html, .jsonl and .warc(.gz) files.
        urls: Page URLs to fetch.
        url_files: Files of page URLs, one per line ('#' starts a comment).
        feeds: RSS or Atom feed URLs: every entry not loaded before is fetched.
        feed_files: Files of feed URLs, one per line.
        sitemaps: XML sitemaps, sitemap indexes or news sitemaps.
        revisit_known: Fetch feed and sitemap entries stored by an earlier run again.
        db: The DuckDB file. Empty: the db setting (data/newsevents.duckdb).
        options: How the run cleans, parses and loads (batch size, workers, model, languages, ...).
        fetch: How pages are fetched (user agent, timeouts, politeness, private hosts).
    """
    settings = resolve(db=db, options=options, fetch=fetch)
    params = {
        "paths": paths,
        "batch_size": settings.batch_size,
        "workers": settings.workers,
        "model": settings.model,
        "strict": settings.strict,
        "urls": urls,
        "url_files": url_files,
        "feeds": feeds,
        "feed_files": feed_files,
        "sitemaps": sitemaps,
    }
    spec = SourceSpec(
        paths=paths or [],
        urls=urls or [],
        url_files=url_files or [],
        feeds=feeds or [],
        feed_files=feed_files or [],
        sitemaps=sitemaps or [],
        max_input_bytes=settings.max_input_bytes,
        db=str(settings.db),
        revisit_known=revisit_known,
    )
    items = open_sources(spec, settings.fetch)
    total = artifacts.estimate_total(spec) if FlowRunContext.get() is not None else None
    return run_pipeline(items, flow_name="ingest", settings=settings, params=params, total=total)


def run_pipeline(
    items: Iterable[RawDocument | Reject],
    *,
    flow_name: str,
    settings: Settings,
    params: dict[str, Any],
    total: int | None = None,
) -> dict[str, Any]:
    """The batch pipeline every flow composes: raw documents → clean → dedup → extract → load, one run.

    ``ingest`` feeds it discovered inputs; ``reprocess`` feeds it raw documents from the database. It
    publishes the run's artifacts (summary, top events and actors, rejects, progress) inside a flow run.
    """
    logger = _logger()
    db_path = Path(settings.db)
    version = settings.extractor_version()
    model_name, model_version = model_identity(settings.extract_options().model)
    tally = RunTally()
    flow_run = artifacts.current_flow_run()
    flow_run_id = flow_run.id if flow_run is not None else None
    if flow_run is not None:  # whoever watches (the CLI) can point at the run's page while it goes
        progress.report("start", flow_run_id=flow_run.id, flow_run_name=flow_run.name, url=flow_run.url)
    # DuckDB or Parquet; Prefect task runs, a local pool or this thread; threads or a Dask cluster
    sink = outputs.output_for(
        settings.output,
        db_path,
        settings.parquet_dir,
        run_id=tally.run_id,
        options_key=settings.clean_options().reject_key(),
    )
    plan = concurrency.plan(settings.task_runner, settings.workers, settings.dask_address)
    submitter = concurrency.submitter(plan)
    error: str | None = None

    reporter = artifacts.progress_reporter(flow_name, total)
    with writer_lock(db_path, on_wait=logger.warning), progress.watch(reporter):
        crashed = start_run(
            db_path,
            {
                "run_id": tally.run_id,
                "flow_run_id": flow_run_id,
                "flow_name": flow_name,
                "started_at": utcnow(),
                "status": "running",
                "extractor_version": version,
                "newsevents_version": package_version(),
                "parameters": json.dumps(params),
                "model_name": model_name,
                "model_version": model_version,
            },
        )
        if crashed:
            logger.warning(
                "marked %d run(s) left 'running' by a dead process as crashed: %s",
                len(crashed),
                ", ".join(crashed),
            )
        stages = _Stages(settings, sink, submitter, tally, plan, logger)
        try:
            # discover → clean → dedup → extract → load. The cleaning of later batches overlaps the
            # extraction of earlier ones; dedup and load take the batches in input order, here.
            batches = _batches(items, settings.batch_size, plan.ramp)
            triaged = (stages.triage(no, docs, rejects) for no, (docs, rejects) in enumerate(batches, 1))
            cleaned = concurrency.window(triaged, stages.clean, plan.clean_window)
            fresh = (stages.deduplicate(batch, result) for batch, result in cleaned)
            for batch, result in concurrency.window(fresh, stages.extract, plan.extract_window):
                stages.load(batch, result)
            if tally.inputs and not stages.skipped.cleaned:
                logger.info(stages.skipped.nothing_to_do(tally.inputs))
        except BaseException as exc:
            error = f"{type(exc).__name__}: {exc}"
            raise
        finally:
            submitter.close()
            status = "completed" if error is None and tally.accounting_ok else "failed"
            if error is None and not tally.accounting_ok:
                error = (
                    f"accounting mismatch: inputs={tally.inputs} != loaded={tally.loaded}"
                    f" + unchanged={tally.unchanged}"
                    f" + duplicates={tally.duplicates} + rejected={tally.rejected}"
                )
            finish_run(
                db_path,
                tally.run_id,
                {
                    "finished_at": utcnow(),
                    "status": status,
                    "inputs": tally.inputs,
                    "loaded": tally.loaded,
                    "unchanged": tally.unchanged,
                    "duplicates": tally.duplicates,
                    "rejected": tally.rejected,
                    "events": tally.events,
                    "accounting_ok": tally.accounting_ok,
                    "error": error,
                },
            )
        table_counts = sink.counts()
        run_tables = artifacts.query_run_tables(db_path, tally.run_id) if flow_run_id else None

    if not tally.accounting_ok:
        raise AccountingError(error)
    elapsed = tally.elapsed
    summary = RunSummary(
        run_id=tally.run_id,
        flow_run_id=flow_run_id,
        status="completed",
        db=str(db_path),
        inputs=tally.inputs,
        loaded=tally.loaded,
        unchanged=tally.unchanged,
        duplicates=tally.duplicates,
        rejected=tally.rejected,
        events=tally.events,
        reject_reasons=dict(tally.reject_reasons),
        tables=table_counts,
        elapsed_s=round(elapsed, 3),
        docs_per_s=round(tally.loaded / elapsed, 2) if elapsed else 0.0,
        words_per_s=round(tally.words / elapsed, 1) if elapsed else 0.0,
        accounting_ok=tally.accounting_ok,
        extractor_version=version,
        model=model_name,
        flow_run_name=flow_run.name if flow_run is not None else None,
        flow_run_url=flow_run.url if flow_run is not None else None,
    )
    progress.report("done", summary=summary.to_dict())
    artifacts.publish(flow_name, summary.to_dict(), run_tables)
    return summary.to_dict()
