"""The ``newsevents`` command line. Heavy imports (Prefect, spaCy, trafilatura) happen inside commands,
so ``newsevents --help`` answers at once."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from newsevents.prefect_env import (
    announce_flow_run,
    find_prefect_api,
    prefect_api_url,
    prefect_home_env,
    prefect_run_settings,
    quiet_prefect_env,
)
from newsevents.terminal import console, fail, out
from newsevents.terminal import settings as _settings
from tasks.executor import WORKER_MEMORY_MB, available_cpus

app = typer.Typer(
    name="newsevents",
    help="Turn news articles into a queryable event database: who did what to whom, when and where.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)
DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db", help="DuckDB file. Default: the `db` setting (data/newsevents.duckdb).", show_default=False
    ),
]


WORKERS_HELP = (
    "Worker processes for cleaning and parsing. Default: the `workers` setting, else the CPUs this process "
    f"may use ({available_cpus()} here). Each worker holds the spaCy model: about {WORKER_MEMORY_MB} MB of "
    "memory per worker, plus about 300 MB for the run itself; use --workers 1 on a small machine."
)


class Orchestrator(str, Enum):  # noqa: UP042 (Typer shows str-Enum values as choices)
    auto = "auto"
    prefect = "prefect"
    local = "local"


class TaskRunnerName(StrEnum):
    threads = "threads"
    dask = "dask"


class OutputName(StrEnum):
    duckdb = "duckdb"
    parquet = "parquet"


class OutFormat(str, Enum):  # noqa: UP042 (Typer shows str-Enum values as choices)
    table = "table"
    csv = "csv"
    json = "json"


def pipeline_options(settings: Any) -> dict[str, Any]:
    """The flows' ``options`` parameter from resolved settings: every field given, so the run uses exactly
    what this command resolved (defaults, newsevents.toml, NEWSEVENTS_*, flags)."""
    from tasks.settings import PIPELINE_FIELDS

    return {name: getattr(settings, name) for name in PIPELINE_FIELDS}


def print_summary(summary: dict[str, Any]) -> None:
    """The end-of-run summary: inputs, outcomes, reject reasons, rows per table, time, database."""
    table = Table(
        title=f"newsevents ingest · run {summary['run_id'][:8]}", show_header=False, title_justify="left"
    )
    table.add_column("what", style="bold")
    table.add_column("value", justify="right", overflow="fold")
    table.add_row("inputs", str(summary["inputs"]))
    table.add_row("loaded", f"[green]{summary['loaded']}[/]")
    table.add_row("unchanged (already loaded)", str(summary["unchanged"]))
    table.add_row("duplicates", str(summary["duplicates"]))
    table.add_row("rejected", f"[red]{summary['rejected']}[/]" if summary["rejected"] else "0")
    for reason, n in sorted(summary["reject_reasons"].items(), key=lambda kv: -kv[1]):
        table.add_row(f"  · {reason}", str(n))
    table.add_row("events coded", str(summary["events"]))
    table.add_section()
    for name, n in summary["tables"].items():
        table.add_row(f"rows in {name}", f"{n:,}")
    table.add_section()
    table.add_row("elapsed", f"{summary['elapsed_s']:.2f} s")
    table.add_row("throughput", f"{summary['docs_per_s']:.2f} docs/s · {summary['words_per_s']:,.0f} words/s")
    if summary.get("flow_run_id"):
        table.add_row("Prefect flow run", summary.get("flow_run_name") or summary["flow_run_id"])
    out.print(table)
    out.print(f"database: {summary['db']}", soft_wrap=True)


@app.command()
def ingest(
    inputs: Annotated[
        list[str] | None,
        typer.Argument(
            help="Files, folders or globs of .txt, .html/.htm, .jsonl and .warc/.warc.gz (CC-NEWS), and page "
            "URLs (anything starting with http:// or https:// is fetched).",
            show_default=False,
        ),
    ] = None,
    urls: Annotated[
        list[Path] | None,
        typer.Option(
            "--urls",
            metavar="FILE",
            help="A file of page URLs to fetch, one per line; '#' starts a comment. Repeatable.",
            show_default=False,
        ),
    ] = None,
    feed: Annotated[
        list[str] | None,
        typer.Option(
            "--feed",
            metavar="URL",
            help="An RSS or Atom feed: every entry not loaded before is fetched "
            "and ingested; polling again sends conditional requests. Repeatable.",
            show_default=False,
        ),
    ] = None,
    feeds: Annotated[
        list[Path] | None,
        typer.Option(
            "--feeds",
            metavar="FILE",
            help="A file of feed URLs, one per line ('#' comments): a feed list to poll. Repeatable.",
            show_default=False,
        ),
    ] = None,
    sitemap: Annotated[
        list[str] | None,
        typer.Option(
            "--sitemap",
            metavar="URL",
            help="An XML sitemap, sitemap index or news sitemap (.xml or "
            ".xml.gz): every page it lists not loaded before is fetched. Repeatable.",
            show_default=False,
        ),
    ] = None,
    allow_private_hosts: Annotated[
        bool,
        typer.Option(
            "--allow-private-hosts",
            help="Fetch URLs that resolve to private, loopback or link-local "
            "addresses (refused by default against SSRF; also NEWSEVENTS_ALLOW_PRIVATE_HOSTS=1).",
        ),
    ] = False,
    db: DbOption = None,
    batch_size: Annotated[
        int | None, typer.Option(help="Articles per batch (one task run per batch and stage).")
    ] = None,
    workers: Annotated[int | None, typer.Option(help=WORKERS_HELP, show_default=False)] = None,
    model: Annotated[str | None, typer.Option(help="spaCy model name or path.")] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Stop at the first bad input (for debugging).")
    ] = False,
    orchestrator: Annotated[
        Orchestrator | None,
        typer.Option(
            help="prefect: run as a Prefect flow (reports to PREFECT_API_URL, else to a `newsevents "
            "server` running for this data folder, else starts a temporary server); "
            "local: same stages in-process, no Prefect API; auto (default, setting `orchestrator`): prefect "
            "when a Prefect API URL is configured or `newsevents server` runs for this data folder, else "
            "local.",
            show_default=False,
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    task_runner: Annotated[
        TaskRunnerName | None,
        typer.Option(
            help="threads: this machine, --workers processes; dask: clean and extract as Prefect "
            "task runs on the Dask cluster at --dask-address (runs under Prefect; needs "
            "PREFECT_API_URL; see docs/SCALING.md). Default: the `task_runner` setting (threads).",
            show_default=False,
        ),
    ] = None,
    dask_address: Annotated[
        str | None,
        typer.Option(
            help="Scheduler of a running Dask cluster, tcp://host:port (for --task-runner dask).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        OutputName | None,
        typer.Option(
            help="duckdb: the --db file; parquet: Parquet partitions by ingest date and batch "
            "under --parquet-dir (query them with `newsevents sql --parquet-dir`); --db then keeps "
            "the run bookkeeping. Default: the `output` setting (duckdb).",
            show_default=False,
        ),
    ] = None,
    parquet_dir: Annotated[
        str | None,
        typer.Option(help="Folder or object-store URI (s3://...) for --output parquet.", show_default=False),
    ] = None,
) -> None:
    """Load articles into the database: clean, extract entities, events and quotes, and store them.

    Bad inputs never stop the run: each lands in the [bold]rejects[/] table with its stage and reason.
    Re-running on the same inputs adds no rows. Exit code 0 means the run completed.
    """
    t0 = time.perf_counter()
    settings = _settings(
        db=db,
        batch_size=batch_size,
        workers=workers,
        model=model,
        strict=strict or None,
        allow_private_hosts=allow_private_hosts or None,
        task_runner=task_runner.value if task_runner else None,
        dask_address=dask_address,
        output=output.value if output else None,
        parquet_dir=parquet_dir,
    )
    if not (inputs or urls or feed or feeds or sitemap):
        fail(
            "nothing to ingest: give files, folders, globs or URLs, or --urls, --feed, --feeds, --sitemap "
            "(see `newsevents ingest --help`)"
        )
    from tasks.sources.registry import split_inputs

    paths, page_urls = split_inputs(inputs or [])
    quiet_prefect_env(settings.data_dir)
    from tasks.concurrency import RunnerError
    from tasks.db import DatabaseLocked
    from tasks.nlp.model import ModelNotFound
    from tasks.runs import AccountingError

    mode = Orchestrator(orchestrator or settings.orchestrator)
    api_url = None if mode == Orchestrator.local else find_prefect_api(settings.data_dir)
    use_prefect = mode == Orchestrator.prefect or (mode == Orchestrator.auto and api_url is not None)
    if settings.task_runner == "dask":  # Dask task runs are Prefect task runs: the flow runs under Prefect
        if mode == Orchestrator.local:
            fail("--task-runner dask runs under Prefect: drop --orchestrator local")
        if not settings.dask_address:
            fail("--task-runner dask needs --dask-address tcp://host:port (a running Dask scheduler)")
        if api_url is None:
            from tasks.concurrency import NO_API_URL

            fail(NO_API_URL)
        from tasks.concurrency import cluster_threads

        try:  # before a flow run starts: an unreachable cluster is one line, not a failed run's traceback
            cluster_threads(settings.dask_address, timeout=10)
        except RunnerError as exc:
            fail(str(exc))
        use_prefect = True
    if settings.output == "parquet" and not settings.parquet_dir:
        fail("--output parquet needs --parquet-dir DIR (a folder or an object-store URI)")
    params = {
        "paths": paths,
        "urls": page_urls,
        "url_files": [str(f) for f in urls or []],
        "feeds": list(feed or []),
        "feed_files": [str(f) for f in feeds or []],
        "sitemaps": list(sitemap or []),
        "db": str(settings.db),
        "options": pipeline_options(settings),
        "fetch": settings.fetch.model_dump(),
    }
    try:
        summary = _run_with_progress(
            params, use_prefect, show=not (quiet or as_json), data_dir=settings.data_dir, api_url=api_url
        )
    except (DatabaseLocked, ModelNotFound, RunnerError) as exc:
        fail(str(exc))
    except AccountingError as exc:
        fail(f"run failed, its row in runs says so: {exc}", code=1)
    except KeyboardInterrupt:
        fail("interrupted; batches already loaded are kept, re-run to resume", code=130)
    if as_json:
        out.print_json(json.dumps(summary, default=str))
    else:
        print_summary(summary)
        console.print(f"[dim]total wall time {time.perf_counter() - t0:.2f} s[/]")


def _run_with_progress(
    params: dict[str, Any], use_prefect: bool, show: bool, data_dir: Path, api_url: str | None = None
) -> dict[str, Any]:
    from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from flows.ingest import ingest as ingest_flow
    from tasks import progress

    counts = {"inputs": 0, "loaded": 0, "rejected": 0, "duplicates": 0, "unchanged": 0}
    with Progress(
        SpinnerColumn(),
        TextColumn("[bold]ingest[/]"),
        BarColumn(bar_width=None),
        TextColumn("{task.fields[status]}"),
        TimeElapsedColumn(),
        console=console,
        disable=not show,
        transient=True,
    ) as bar:
        task_id = bar.add_task("ingest", total=None, status="starting")

        def on_event(event: str, data: dict[str, Any]) -> None:
            announce_flow_run(event, data)
            if event == "batch":
                for key in counts:
                    counts[key] += int(data.get(key, 0))
                bar.update(
                    task_id,
                    status=f"batch {data['no']} · {counts['loaded']} loaded · "
                    f"{counts['unchanged']} unchanged · "
                    f"{counts['duplicates']} dup · {counts['rejected']} rejected",
                )

        with progress.watch(on_event):
            if use_prefect:
                with prefect_run_settings(data_dir, api_url):
                    return ingest_flow(**params)
            return ingest_flow.fn(**params)


@app.command()
def sql(
    query: Annotated[
        str | None,
        typer.Argument(help="SQL to run. Omit it (and --file) for an interactive shell.", show_default=False),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            "-f",
            help="Run the SQL in this file (e.g. sql/examples/*.sql).",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
    param: Annotated[
        list[str] | None,
        typer.Option(
            "--param",
            help="Bind a named parameter, name=value (repeatable); the SQL refers to it as $name. "
            "Overrides the file's `-- @param name=default` lines.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
    fmt: Annotated[OutFormat, typer.Option("--format", help="Output format.")] = OutFormat.table,
    parquet_dir: Annotated[
        str | None,
        typer.Option(
            help="Query the Parquet output of `ingest --output parquet` under this folder or URI "
            "instead (views over its partitions; `runs` comes from --db when it exists).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Run SQL on a read-only connection and print the result.

    Give a query, or [bold]-f FILE[/] (see sql/examples/), or nothing for an interactive shell that reads
    statements ending in ';' ([bold].quit[/] or Ctrl-D to leave). Every table and view is available.
    Values are bound, never spliced: [bold]newsevents sql "select * from events where actor1_code = $a"
    --param a=USA[/].
    """
    settings = _settings(db=db)
    import duckdb

    from newsevents import sqlshell
    from tasks.db import DatabaseLocked, open_readonly

    if query is not None and file is not None:
        fail("give a query or --file, not both")
    try:
        params = sqlshell.parse_params(param)
    except sqlshell.ParamError as exc:
        fail(str(exc))
    try:
        if parquet_dir:
            from tasks.parquet_out import open_views

            conn = open_views(parquet_dir, control_db=settings.db)
        else:
            conn = open_readonly(settings.db)
    except (DatabaseLocked, FileNotFoundError) as exc:
        fail(str(exc))
    except duckdb.CatalogException:  # a DuckDB file without the newsevents tables (yet)
        fail(f"{settings.db} has no newsevents tables yet: run `newsevents ingest` (or `schema`) first")
    except duckdb.Error as exc:  # not a DuckDB file, or a newer format
        fail(f"cannot open {settings.db}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
    try:
        if query is None and file is None:
            sqlshell.repl(
                conn, params, on_result=lambda r: print_rows(r.columns, r.rows, fmt), on_message=console.print
            )
            return
        try:
            if file is not None:
                results = sqlshell.run_file(conn, file, params)
            else:
                results = sqlshell.run_script(conn, query or "", params)
        except (duckdb.Error, sqlshell.ParamError) as exc:
            fail(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
    finally:
        conn.close()
    for result in results:
        print_rows(result.columns, result.rows, fmt)


def print_rows(columns: list[str], rows: list[tuple[Any, ...]], fmt: OutFormat) -> None:
    if fmt == OutFormat.json:
        sys.stdout.write(
            json.dumps([dict(zip(columns, r, strict=True)) for r in rows], default=str, indent=2) + "\n"
        )
    elif fmt == OutFormat.csv:
        import csv

        writer = csv.writer(sys.stdout, lineterminator="\n")  # csv's default is \r\n
        writer.writerow(columns)
        writer.writerows(rows)
    else:
        table = Table(show_lines=False)
        for c in columns:
            table.add_column(c, overflow="fold")
        for r in rows:
            table.add_row(*("" if v is None else str(v) for v in r))
        out.print(table)
        console.print(f"[dim]{len(rows)} row(s)[/]")


@app.command()
def schema(
    db: DbOption = None,
    markdown: Annotated[
        bool, typer.Option("--markdown", help="Print docs/SCHEMA.md from the COMMENTs.")
    ] = False,
) -> None:
    """Create or migrate the database schema (safe to re-run), or print its documentation."""
    from tasks.db import connect, migrate

    if markdown:
        import duckdb

        from newsevents.schema_doc import schema_markdown

        conn = duckdb.connect(":memory:")
        migrate(conn)
        sys.stdout.write(schema_markdown(conn))
        return
    settings = _settings(db=db)
    conn = connect(settings.db)
    applied = migrate(conn)
    conn.close()
    console.print(
        f"{settings.db}: {len(applied)} migration(s) applied"
        + (f" ({', '.join(applied)})" if applied else "")
    )


@app.command()
def reprocess(
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option(help="Redo at most this many articles (default: all).")] = None,
    batch_size: Annotated[int | None, typer.Option(help="Articles per batch.")] = None,
    workers: Annotated[int | None, typer.Option(help=WORKERS_HELP, show_default=False)] = None,
    orchestrator: Annotated[
        Orchestrator | None,
        typer.Option(help="prefect, local or auto (as for `ingest`).", show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
) -> None:
    """Re-clean and re-extract, from the stored raw documents, articles an older extractor version produced.

    Nothing is fetched again. Articles are updated in place: the old version's rows are replaced, never
    duplicated. Run it after upgrading newsevents or editing a dictionary in tasks/data.
    """
    settings = _settings(db=db, batch_size=batch_size, workers=workers)
    quiet_prefect_env(settings.data_dir)
    from flows.reprocess import reprocess as reprocess_flow
    from tasks import progress
    from tasks.concurrency import RunnerError
    from tasks.db import DatabaseLocked
    from tasks.nlp.model import ModelNotFound
    from tasks.runs import AccountingError

    mode = Orchestrator(orchestrator or settings.orchestrator)
    api_url = None if mode == Orchestrator.local else find_prefect_api(settings.data_dir)
    use_prefect = mode == Orchestrator.prefect or (mode == Orchestrator.auto and api_url is not None)
    params: dict[str, Any] = {"db": str(settings.db), "limit": limit, "options": pipeline_options(settings)}
    try:
        if use_prefect:
            with prefect_run_settings(settings.data_dir, api_url), progress.watch(announce_flow_run):
                summary = reprocess_flow(**params)
        else:
            summary = reprocess_flow.fn(**params)
    except (DatabaseLocked, ModelNotFound, RunnerError) as exc:
        fail(str(exc))
    except AccountingError as exc:
        fail(f"run failed, its row in runs says so: {exc}", code=1)
    except KeyboardInterrupt:
        fail("interrupted; batches already loaded are kept, re-run to resume", code=130)
    if as_json:
        out.print_json(json.dumps(summary, default=str))
    else:
        print_summary(summary)


@app.command()
def serve(
    file: Annotated[
        Path | None,
        typer.Option(
            "--file",
            help="Deployment file. Default: the project's prefect.yaml.",
            show_default=False,
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="Override the `db` parameter of every deployment.", show_default=False),
    ] = None,
    only: Annotated[
        list[str] | None,
        typer.Option("--only", help="Serve only this deployment (repeatable).", show_default=False),
    ] = None,
    limit: Annotated[int | None, typer.Option(help="Most flow runs at once (default: no limit).")] = None,
    api_url: Annotated[
        str | None,
        typer.Option(
            "--api-url",
            help="Prefect API to serve against. Default: PREFECT_API_URL or the active profile, else the "
            "`newsevents server` running for this data folder, else one on 127.0.0.1:--port.",
            show_default=False,
        ),
    ] = None,
    port: Annotated[
        int, typer.Option(envvar="NEWSEVENTS_SERVER_PORT", help="Port of the local `newsevents server`.")
    ] = 4200,
) -> None:
    """Serve the deployments of prefect.yaml on this machine until Ctrl-C.

    [bold]ingest-feeds[/] runs hourly; [bold]ingest-paths[/] and [bold]reprocess[/] run when triggered from
    the UI or `prefect deployment run`. Each flow run executes in a subprocess and publishes its artifacts
    (summary, top events and actors, rejects, progress) to the Prefect UI. Start `newsevents server` first,
    or point PREFECT_API_URL at your Prefect server.
    """
    from newsevents import serve as ops

    settings = _settings()
    prefect_home_env(settings.data_dir)  # served flow runs (subprocesses) keep their state there too
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
    url = api_url or prefect_api_url()
    found = ops.find_server(settings.data_dir) if url is None else None
    if found is not None:
        url = found.api_url
    if url is None and ops.api_healthy(ops.local_api_url(port=port)):
        url = ops.local_api_url(port=port)
    if url is None:
        fail(
            f"no Prefect API: start `newsevents server` (it listens on 127.0.0.1:{port}), "
            "or set PREFECT_API_URL / --api-url"
        )
    if not ops.api_healthy(str(url)):
        fail(f"the Prefect API at {url} does not answer; is the server running?")
    env = {"PREFECT_API_URL": str(url), **ops.results_env(settings.data_dir)}
    for key, value in env.items():
        if key == "PREFECT_API_URL" or key not in os.environ:
            os.environ[key] = value
    try:
        deployments = ops.build_deployments(ops.load_specs(file), db=db, only=only)
    except ops.ServeError as exc:
        fail(str(exc))
    from prefect.settings import PREFECT_API_URL, PREFECT_RESULTS_LOCAL_STORAGE_PATH, temporary_settings

    console.print(f"serving {len(deployments)} deployment(s) against {url}")
    storage = os.environ["PREFECT_RESULTS_LOCAL_STORAGE_PATH"]
    with temporary_settings({PREFECT_API_URL: url, PREFECT_RESULTS_LOCAL_STORAGE_PATH: storage}):
        ops.serve_deployments(deployments, limit=limit)


@app.command()
def server(
    port: Annotated[
        int, typer.Option(envvar="NEWSEVENTS_SERVER_PORT", help="Port of the API and the UI.")
    ] = 4200,
    host: Annotated[str, typer.Option(help="Address to listen on (keep it on loopback).")] = "127.0.0.1",
) -> None:
    """Start a local Prefect server and its UI, with its state under <data_dir>/prefect.

    Runs `prefect server start` in the foreground (Ctrl-C stops it) with PREFECT_HOME=<data_dir>/prefect,
    the API and the UI on HOST:PORT, and analytics off. While it runs, <data_dir>/prefect/server.json
    announces it, so `newsevents ingest`, `reprocess` and `report` on the same data folder report to it
    without PREFECT_API_URL. For `newsevents serve` and `prefect` commands, export the PREFECT_API_URL it
    prints.
    """
    from newsevents import serve as ops

    settings = _settings()
    home = (Path(settings.data_dir) / "prefect").resolve()
    console.print(f"Prefect UI:   http://{host}:{port}")
    console.print(f"Prefect home: {home}")
    console.print(f"In other shells: [bold]export PREFECT_API_URL={ops.local_api_url(host, port)}[/]")

    def ready(state: Any) -> None:
        console.print(
            f"ready: newsevents ingest, reprocess and report on {settings.data_dir}/ report here without "
            f"PREFECT_API_URL (announced in {ops.state_path(settings.data_dir)})",
            soft_wrap=True,
        )

    code = ops.run_server(settings.data_dir, host, port, on_ready=ready)
    if code not in (0, -signal.SIGINT, -signal.SIGTERM, 130, 143):
        fail(f"the Prefect server exited with code {code}; see its output above", code=1)


@app.command()
def version() -> None:
    """Print the versions of newsevents, its extractor and the spaCy model."""
    import newsevents
    from tasks.nlp.model import model_identity
    from tasks.version import extractor_version

    name, model_version = model_identity(_settings().model)  # from metadata: the model is not loaded
    model = f"{name} {model_version or '(version unknown)'}" if name else "none installed"
    out.print(
        f"newsevents {newsevents.__version__} · extractor {extractor_version()} · model {model}",
        soft_wrap=True,
    )


def _register_analyst_commands() -> None:
    """`newsevents export ...` and `newsevents report` live in newsevents/analyst_cli.py."""
    from newsevents.analyst_cli import export_app, report_cmd

    app.add_typer(export_app, name="export")
    app.command("report")(report_cmd)


_register_analyst_commands()


def _register_eval_commands() -> None:
    """`newsevents eval plover|cameo-examples|petrarch` live in newsevents/evaluate.py."""
    from newsevents.evaluate import eval_app

    app.add_typer(eval_app, name="eval")


_register_eval_commands()


def main() -> None:
    app()


if __name__ == "__main__":
    main()
