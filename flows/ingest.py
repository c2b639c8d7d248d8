"""The ``ingest`` flow: discover sources → clean → deduplicate → extract → load, in batches.

It only composes the stages in ``tasks/``. Inputs stream from the sources in batches of ``batch_size``;
at most ``window`` batches are in flight, so memory stays flat whatever the corpus size. Batches advance
in order (first in, first out), which keeps deduplication deterministic. One writer (this process) loads
DuckDB, one transaction per batch, under the writer lock, so a second run on the same file waits.

Run it under Prefect (``ingest(...)``: a flow run with one task run per batch and stage), or in-process
with no orchestration (``ingest.fn(...)``, what ``newsevents ingest`` does when no Prefect API is
configured): the same body, the same stages.
"""

from __future__ import annotations

import json
import logging
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prefect import flow
from prefect.context import FlowRunContext

from tasks import artifacts, outputs, progress, runners
from tasks.clean import clean_batch_task
from tasks.db import writer_lock
from tasks.dedup import Deduplicator
from tasks.extract import extract_batch_task
from tasks.load import finish_run, start_run, utcnow
from tasks.nlp.model import model_identity
from tasks.records import RawDocument, Reject
from tasks.runs import AccountingError, RunSummary, RunTally
from tasks.settings import FetchOverrides, PipelineOptions, Settings, resolve
from tasks.sources.registry import SourceSpec, open_sources
from tasks.version import extractor_version, package_version

log = logging.getLogger("newsevents.ingest")


def _logger() -> Any:
    if FlowRunContext.get() is not None:
        from prefect.logging import get_run_logger

        return get_run_logger()
    return log


def _batches(
    items: Iterable[RawDocument | Reject], size: int
) -> Iterator[tuple[list[RawDocument], list[Reject]]]:
    docs: list[RawDocument] = []
    rejects: list[Reject] = []
    for item in items:
        if isinstance(item, Reject):
            rejects.append(item)
        else:
            docs.append(item)
        if len(docs) >= size:
            yield docs, rejects
            docs, rejects = [], []
    if docs or rejects:
        yield docs, rejects


def _done(value: Any) -> Future[Any]:
    """A finished future holding ``value``: a stage with nothing to do submits no task run."""
    fut: Future[Any] = Future()
    fut.set_result(value)
    return fut


REJECTS_LOGGED = 20  # per batch log line; every reject is in the rejects table and artifact


def describe_rejects(rejects: list[Reject], limit: int = REJECTS_LOGGED) -> str:
    """``input (stage/reason), ...`` for a log line, the first ``limit`` of them."""
    shown = ", ".join(f"{r.input_ref} ({r.stage}/{r.reason})" for r in rejects[:limit])
    more = len(rejects) - limit
    return f"{shown}, and {more} more (see the rejects table)" if more > 0 else shown


def _is_done(future: Any) -> bool:
    """Whether a stage future has finished: a concurrent future, or a Prefect one (local or Dask) that wraps
    one. An unknown kind counts as done, so the caller simply waits on its result."""
    for candidate in (future, getattr(future, "wrapped_future", None)):
        done = getattr(candidate, "done", None)
        if callable(done):
            return bool(done())
    return True


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
    no: int
    docs: list[RawDocument]
    rejects: list[Reject]
    unchanged: int = 0
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    stage: str = "clean"
    future: Any = None


class _Submitter:
    """Submits stage tasks: as Prefect task runs inside a flow run; else in this thread (one worker, so
    the per-document time budget, which needs the main thread, holds) or on a local thread pool."""

    def __init__(self, threads: int, inline: bool = False) -> None:
        self.prefect = FlowRunContext.get() is not None
        self.inline = inline and not self.prefect
        self.pool = (
            None
            if self.prefect or self.inline
            else ThreadPoolExecutor(max_workers=threads, thread_name_prefix="newsevents")
        )

    def submit(self, task_obj: Any, name: str, *args: Any) -> Any:
        if self.prefect:
            return task_obj.with_options(task_run_name=name).submit(*args)
        if self.pool is None:
            done: Future[Any] = Future()
            try:
                done.set_result(task_obj.fn(*args))
            except BaseException as exc:  # delivered by .result(), as a pooled future would
                done.set_exception(exc)
            return done
        fut: Future[Any] = self.pool.submit(task_obj.fn, *args)
        return fut

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True)


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
    clean_opts, extract_opts = settings.clean_options(), settings.extract_options()
    batch_size, workers, strict = settings.batch_size, settings.workers, settings.strict
    version = extractor_version()
    model_name, model_version = model_identity(extract_opts.model)
    model = extract_opts.model
    tally = RunTally()
    flow_run = artifacts.current_flow_run()
    flow_run_id = flow_run.id if flow_run is not None else None
    if flow_run is not None:  # whoever watches (the CLI) can point at the run's page while it goes
        progress.report("start", flow_run_id=flow_run.id, flow_run_name=flow_run.name, url=flow_run.url)
    # DuckDB or Parquet; threads, or a Dask cluster (tasks/runners.py)
    sink = outputs.output_for(settings.output, db_path, settings.parquet_dir, run_id=tally.run_id,
                              options_key=clean_opts.reject_key())  # fmt: skip
    plan = runners.plan(settings.task_runner, workers, settings.dask_address)
    window = plan.window
    submitter = (
        runners.DaskSubmitter(plan.address)
        if plan.address
        else _Submitter(threads=window, inline=workers <= 1)
    )
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
        dedup = Deduplicator(db_path)
        inflight: deque[_Batch] = deque()
        skipped = _Skipped()

        parallel = max(1, window // 2)  # extracts kept queued: one per worker process (or Dask thread)

        def promote(batch: _Batch) -> None:
            """clean → (dedup) → extract. Called in FIFO order only, so dedup is deterministic."""
            articles, clean_rejects = batch.future.result()
            batch.rejects.extend(clean_rejects)
            fresh, dups = dedup.check(articles)
            batch.duplicates = dups
            same = dedup.take_unchanged()  # same input, same text as already loaded: nothing to redo
            batch.unchanged += len(same)
            tally.unchanged += len(same)
            batch.stage = "extract"
            if not fresh:  # nothing new to parse: no extract task run that would show as work
                batch.future = _done(([], {}, []))
                return
            batch.future = submitter.submit(
                extract_batch_task,
                f"extract-batch-{batch.no}",
                fresh,
                extract_opts,
                strict,
                plan.stage_workers,
            )

        def promote_ahead(block: bool) -> None:
            """Promote cleaned batches, oldest first, until `parallel` extracts are in flight, so every
            worker has a parse to do while the flow waits for the oldest one (without blocking: only
            batches whose cleaning is done)."""
            in_extract = sum(1 for b in inflight if b.stage == "extract")
            for b in inflight:
                if in_extract >= parallel:
                    break
                if b.stage == "extract":
                    continue
                if not block and not _is_done(b.future):
                    break
                promote(b)
                in_extract += 1

        def drain_oldest() -> None:
            """Finish the oldest batch (extract → load), keeping the workers busy meanwhile."""
            if inflight[0].stage == "clean":
                promote(inflight[0])
            promote_ahead(block=True)
            finish(inflight.popleft())

        def finish(batch: _Batch) -> None:
            """extract → load, by the flow's single writer."""
            kept, rows, extract_rejects = batch.future.result()
            batch.rejects.extend(extract_rejects)
            stats = sink.load_batch(
                run_id=tally.run_id,
                extractor_version=version,
                articles=kept,
                rows=rows,
                rejects=batch.rejects,
                raw_documents=batch.docs,
                duplicates=batch.duplicates,
            )
            tally.loaded += len(kept)
            tally.duplicates += len(batch.duplicates)
            tally.add_rejects(batch.rejects)
            tally.events += stats.rows.get("events", 0)
            tally.words += sum(a.word_count for a in kept)
            tally.batches += 1
            if kept:
                logger.info("batch %d loaded %s", batch.no, ", ".join(a.article_id[:12] for a in kept[:20]))
            if batch.rejects:
                logger.info(
                    "batch %d rejected %d: %s", batch.no, len(batch.rejects), describe_rejects(batch.rejects)
                )
            progress.report(
                "batch",
                no=batch.no,
                inputs=len(batch.docs),
                loaded=len(kept),
                rejected=len(batch.rejects),
                duplicates=len(batch.duplicates),
                unchanged=batch.unchanged,
            )

        try:
            for no, (docs, disc_rejects) in enumerate(_batches(items, batch_size), 1):
                tally.inputs += len(docs) + len(disc_rejects)
                skip = sink.unchanged_inputs(docs, version)
                todo = [d for d in docs if d.input_ref not in skip]
                tally.unchanged += len(docs) - len(todo)
                unchanged = len(docs) - len(todo)
                known = sink.known_rejects(
                    todo, version
                )  # same bytes rejected before: no need to clean again
                todo = [d for d in todo if d.input_ref not in known]
                skipped.unchanged += unchanged
                skipped.rejected_before += len(known)
                batch = _Batch(
                    no=no, docs=todo, rejects=[*disc_rejects, *known.values()], unchanged=unchanged
                )
                if todo:
                    skipped.cleaned += len(todo)
                    batch.future = submitter.submit(
                        clean_batch_task,
                        f"clean-batch-{no}",
                        todo,
                        clean_opts,
                        strict,
                        plan.stage_workers,
                        model,
                    )
                else:  # every input unchanged or rejected before: no clean task run that would show as work
                    batch.future = _done(([], []))
                inflight.append(batch)
                promote_ahead(block=False)
                while len(inflight) > window:
                    drain_oldest()
            while inflight:
                drain_oldest()
            if tally.inputs and not skipped.cleaned:
                logger.info(skipped.nothing_to_do(tally.inputs))
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
