"""The run's artifacts in the Prefect UI: a markdown summary, top events, top actors, rejects, progress.

Builders are pure functions (summary dict / rows → markdown or table rows) and are tested without Prefect.
:func:`query_run_tables` reads this run's rows from DuckDB (the ``sql/artifacts`` queries); :func:`publish`
and :func:`progress_reporter` talk to Prefect, and do nothing outside a flow run (``ingest.fn`` and
``newsevents ingest --orchestrator local`` publish no artifacts).

Artifact keys are ``<flow>-summary``, ``<flow>-top-events``, ``<flow>-top-actors``, ``<flow>-rejects`` and
``<flow>-progress``, so the UI's Artifacts page keeps one versioned collection of each per flow.
"""

from __future__ import annotations

import contextlib
import logging
import shlex
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tasks.paths import sql_text

log = logging.getLogger("newsevents.artifacts")

TOP_LIMIT = 20
REJECTS_LIMIT = 500
CELL_CHARS = 160

# flow_run_id -> progress artifact id, so publish() can close the bar at 100%.
_progress_ids: dict[str, Any] = {}
_progress_lock = threading.Lock()


@dataclass(slots=True)
class RunTables:
    """The rows a run's table artifacts show (already limited)."""

    top_events: list[dict[str, Any]] = field(default_factory=list)
    top_actors: list[dict[str, Any]] = field(default_factory=list)
    rejects: list[dict[str, Any]] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- builders


def _fmt_int(n: Any) -> str:
    return f"{int(n):,}" if isinstance(n, int | float) else str(n)


RUN_QUERIES = (  # for the summary's ready commands: the run id is bound ($run_id), never spliced
    ("this run", "select * from runs_summary where run_id = $run_id"),
    ("its rejects", "select input_ref, stage, reason, detail from rejects where run_id = $run_id"),
)


def sql_commands(db: str, run_id: str) -> list[tuple[str, str]]:
    """Ready ``newsevents sql`` commands (what they show, the command) for one run of the database ``db``;
    the SQL is quoted for the shell, so ``$run_id`` reaches newsevents as a parameter."""
    base = f"newsevents sql --db {shlex.quote(db)}"
    param = f"--param run_id={shlex.quote(run_id)}"
    commands = [(what, " ".join((base, shlex.quote(query), param))) for what, query in RUN_QUERIES]
    return [*commands, ("an interactive shell", base)]


def summary_markdown(flow_name: str, summary: Mapping[str, Any]) -> str:
    """The run's summary as markdown: outcome counts, rejects by reason, rows per table, throughput, and how
    to query the database (its absolute path and ready ``newsevents sql`` commands)."""
    ok = "ok" if summary.get("accounting_ok") else "**MISMATCH**"
    run_id = str(summary.get("run_id", ""))
    flow_run = summary.get("flow_run_name")
    named = f"flow run `{flow_run}` · " if flow_run else ""
    db = str(Path(str(summary["db"])).resolve()) if summary.get("db") else ""
    lines = [
        f"# newsevents {flow_name} · {named}run `{run_id[:8]}`",
        "",
        f"**{_fmt_int(summary.get('inputs', 0))} inputs** → {_fmt_int(summary.get('loaded', 0))} loaded, "
        f"{_fmt_int(summary.get('unchanged', 0))} unchanged, "
        f"{_fmt_int(summary.get('duplicates', 0))} duplicates, "
        f"{_fmt_int(summary.get('rejected', 0))} rejected · accounting {ok}",
        "",
        "| outcome | count |",
        "|---|---:|",
    ]
    for key, label in (
        ("inputs", "inputs"),
        ("loaded", "loaded"),
        ("unchanged", "unchanged (already loaded by this extractor version)"),
        ("duplicates", "duplicates"),
        ("rejected", "rejected"),
        ("events", "events coded"),
    ):
        lines.append(f"| {label} | {_fmt_int(summary.get(key, 0))} |")
    reasons = summary.get("reject_reasons") or {}
    lines += ["", "## Rejected by reason", ""]
    if reasons:
        lines += ["| stage/reason | count |", "|---|---:|"]
        ordered = sorted(reasons.items(), key=lambda kv: (-kv[1], kv[0]))
        lines += [f"| `{r}` | {_fmt_int(n)} |" for r, n in ordered]
    else:
        lines.append("Nothing was rejected.")
    tables = summary.get("tables") or {}
    if tables:
        lines += ["", "## Rows per table (whole database)", "", "| table | rows |", "|---|---:|"]
        lines += [f"| {t} | {_fmt_int(n)} |" for t, n in tables.items()]
    lines += [
        "",
        "## Throughput",
        "",
        f"- elapsed: {float(summary.get('elapsed_s', 0.0)):.2f} s",
        f"- {float(summary.get('docs_per_s', 0.0)):.2f} docs/s · "
        f"{float(summary.get('words_per_s', 0.0)):,.0f} words/s",
        "",
        "## Run",
        "",
    ]
    if flow_run:
        lines.append(f"- Prefect flow run: `{flow_run}` (`{summary.get('flow_run_id', '')}`)")
    lines += [
        f"- newsevents run id: `{run_id}` (`runs.run_id`)",
        f"- database: `{db}`",
        f"- extractor version: `{summary.get('extractor_version', '')}`",
        f"- model: `{summary.get('model') or 'default'}`",
    ]
    if db:
        lines += ["", "## Query it", ""]
        for what, command in sql_commands(db, run_id):
            lines += [f"{what}:", "", "```bash", command, "```", ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def table_rows(rows: Sequence[Mapping[str, Any]], empty: str) -> list[dict[str, Any]]:
    """Rows ready for a table artifact: long cells cut, values as JSON-friendly scalars; a note if empty."""
    if not rows:
        return [{"note": empty}]
    out: list[dict[str, Any]] = []
    for row in rows:
        clean: dict[str, Any] = {}
        for key, value in row.items():
            if value is None or isinstance(value, bool | int | float):
                clean[key] = value
            else:
                text = str(value)
                clean[key] = text if len(text) <= CELL_CHARS else text[: CELL_CHARS - 1] + "…"
        out.append(clean)
    return out


def progress_percent(done: int, total: int | None, finished: bool = False) -> float:
    """Percent for the progress artifact: done/total, held below 100 until the run has finished."""
    if finished:
        return 100.0
    if not total or total <= 0:
        return 0.0
    return round(min(99.0, 100.0 * done / total), 1)


def progress_description(done: int, total: int | None, counts: Mapping[str, int]) -> str:
    of = f" of ~{total:,}" if total else ""
    return (
        f"{done:,}{of} inputs · {counts.get('loaded', 0):,} loaded · "
        f"{counts.get('unchanged', 0):,} unchanged · "
        f"{counts.get('duplicates', 0):,} duplicates · {counts.get('rejected', 0):,} rejected"
    )


def estimate_inputs(specs: Iterable[str | Path]) -> int | None:
    """About how many inputs ``specs`` name: one per file, one per non-empty JSONL line.

    Used only as the progress artifact's denominator; never used for accounting. Returns None when the
    specs cannot be walked.
    """
    from tasks.sources.local import JSONL_SUFFIXES, expand

    total = 0
    try:
        for item in expand(specs):
            if not isinstance(item, Path):
                continue
            if item.suffix.lower() in JSONL_SUFFIXES:
                with item.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            else:
                total += 1
    except OSError:
        return None
    return total


def estimate_total(spec: Any) -> int | None:
    """About how many inputs a :class:`~tasks.sources.registry.SourceSpec` names before the run reads any
    feed or sitemap, or None when the local paths cannot be walked.

    URL files are local, so their lines are counted (one input per URL or bad line, as the run counts
    them). Feeds and sitemaps count for nothing here: each feed, and each sitemap of an index, adds its
    entries when the run reads it (a ``discovered`` progress event, see :func:`progress_reporter`)."""
    base = estimate_inputs(spec.paths)
    if base is None:
        return None
    from tasks.sources.urls import read_url_file

    listed = sum(1 for path in spec.url_files for _ in read_url_file(path))
    return base + len(spec.urls) + listed


# ---------------------------------------------------------------------------------------------- database


def _sql(name: str) -> str:
    return sql_text("artifacts", name)


def query_run_tables(db_path: str | Path, run_id: str, limit: int = TOP_LIMIT) -> RunTables:
    """This run's top events, top actors and rejects from the database (call it under the writer lock)."""
    from tasks.db import connect

    conn = connect(db_path, read_only=True, wait_seconds=30.0)
    try:
        result = RunTables()
        for attr, name, n in (
            ("top_events", "run_top_events", limit),
            ("top_actors", "run_top_actors", limit),
            ("rejects", "run_rejects", REJECTS_LIMIT),
        ):
            rel = conn.execute(_sql(name), {"run_id": run_id, "limit": n})
            cols = [d[0] for d in rel.description or []]
            setattr(result, attr, [dict(zip(cols, r, strict=True)) for r in rel.fetchall()])
        return result
    finally:
        conn.close()


# ---------------------------------------------------------------------------------------------- Prefect


def _flow_run_id() -> str | None:
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    return str(ctx.flow_run.id) if ctx is not None and ctx.flow_run is not None else None


@dataclass(slots=True, frozen=True)
class FlowRunInfo:
    """The Prefect flow run this code runs in: id, name (as the UI shows it) and its UI page, if known."""

    id: str
    name: str
    url: str | None


def ui_url_for_flow_run(flow_run_id: str) -> str | None:
    """The flow run's page in the Prefect UI (``<ui url>/runs/flow-run/<id>``), or None when no UI URL is
    known (a temporary server's UI is gone when the process exits)."""
    from prefect.settings import get_current_settings

    base = get_current_settings().ui_url  # PREFECT_UI_URL, else the API URL without /api
    return f"{str(base).rstrip('/')}/runs/flow-run/{flow_run_id}" if base else None


def current_flow_run() -> FlowRunInfo | None:
    """The flow run of the calling thread, or None outside a flow run (``ingest.fn``)."""
    from prefect.context import FlowRunContext

    ctx = FlowRunContext.get()
    if ctx is None or ctx.flow_run is None:
        return None
    run_id = str(ctx.flow_run.id)
    return FlowRunInfo(id=run_id, name=str(ctx.flow_run.name), url=ui_url_for_flow_run(run_id))


def progress_reporter(flow_name: str, total: int | None) -> Any:
    """A :mod:`tasks.progress` watcher that keeps a progress artifact up to date, per batch. ``total`` is
    the estimate before the run starts (:func:`estimate_total`); each feed or sitemap read adds its entries
    to it.

    Outside a flow run it is a no-op. Artifact failures are logged, never raised: the console is not
    worth a failed run.
    """
    run_id = _flow_run_id()
    if run_id is None:
        return lambda event, data: None
    from prefect.artifacts import create_progress_artifact, update_progress_artifact

    counts = {"loaded": 0, "unchanged": 0, "duplicates": 0, "rejected": 0}
    try:
        artifact_id: Any = create_progress_artifact(
            progress=0.0, key=f"{flow_name}-progress", description=progress_description(0, total, counts)
        )
    except Exception as exc:  # the API being unreachable must not fail the run
        log.warning("could not create the progress artifact: %s", exc)
        return lambda event, data: None
    with _progress_lock:
        _progress_ids[run_id] = artifact_id

    def on_event(event: str, data: dict[str, Any]) -> None:
        nonlocal total
        if event == "discovered" and total is not None:  # a feed or sitemap read: its entries join the total
            total += int(data.get("n", 0))
            return
        if event != "batch":
            return
        for key in counts:
            counts[key] += int(data.get(key, 0))
        done = sum(counts.values())
        with contextlib.suppress(Exception):
            pct = progress_percent(done, total)
            update_progress_artifact(artifact_id, pct, description=progress_description(done, total, counts))

    return on_event


def publish(flow_name: str, summary: Mapping[str, Any], tables: RunTables | None) -> list[str]:
    """Publish the run's summary and table artifacts, and close its progress bar; return the keys published.

    Outside a flow run it does nothing and returns an empty list.
    """
    run_id = _flow_run_id()
    if run_id is None:
        return []
    from prefect.artifacts import create_markdown_artifact, create_table_artifact, update_progress_artifact

    tables = tables or RunTables()
    short = str(summary.get("run_id", ""))[:8]
    published: list[str] = []
    jobs: list[tuple[str, Any]] = [
        (
            f"{flow_name}-summary",
            lambda key: create_markdown_artifact(
                markdown=summary_markdown(flow_name, summary), key=key,
                description=f"newsevents {flow_name} run {short}: what was loaded, rejected and how fast, "
                "and how to query it",
            ),
        ),
        (
            f"{flow_name}-top-events",
            lambda key: create_table_artifact(
                table=table_rows(tables.top_events, "no events were coded in this run"), key=key,
                description=f"Top events of run {short} (most mentions first)",
            ),
        ),
        (
            f"{flow_name}-top-actors",
            lambda key: create_table_artifact(
                table=table_rows(tables.top_actors, "no actors or named entities in this run"), key=key,
                description=f"Top actors of run {short} (most mentions first)",
            ),
        ),
        (
            f"{flow_name}-rejects",
            lambda key: create_table_artifact(
                table=table_rows(tables.rejects, "nothing was rejected in this run"), key=key,
                description=f"Inputs rejected by run {short} (first {REJECTS_LIMIT})",
            ),
        ),
    ]  # fmt: skip
    for key, create in jobs:
        try:
            create(key)
            published.append(key)
        except Exception as exc:  # never fail a finished run over its console
            log.warning("could not publish artifact %s: %s", key, exc)
    with _progress_lock:
        artifact_id = _progress_ids.pop(run_id, None)
    if artifact_id is not None:
        with contextlib.suppress(Exception):
            counts = {k: int(summary.get(k, 0)) for k in ("loaded", "unchanged", "duplicates", "rejected")}
            update_progress_artifact(
                artifact_id, 100.0,
                description="finished · " + progress_description(int(summary.get("inputs", 0)), None, counts),
            )  # fmt: skip
    return published
