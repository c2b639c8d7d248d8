"""The analyst's commands: ``newsevents export {gdelt,parquet,plover}`` and ``newsevents report``.

Registered on the main app in :mod:`newsevents.cli`. Every command opens the database read-only.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from newsevents import terminal

export_app = typer.Typer(
    name="export",
    help="Export the database for other tools: GDELT 2.0 Events TSV, Parquet files, PLOVER JSON lines.",
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
AllStatuses = Annotated[
    bool,
    typer.Option(
        "--all-statuses",
        help="Also export events the text says did not happen (status negated or denied). "
        "Hypothetical and planned events are always exported, with their status.",
    ),
]


def _open(db: Path | None) -> tuple[Any, Path]:
    from tasks.db import DatabaseLocked, open_readonly

    settings = terminal.settings(db=db)
    try:
        return open_readonly(settings.db), Path(settings.db)
    except (DatabaseLocked, FileNotFoundError) as exc:
        terminal.fail(str(exc))
        raise  # unreachable: fail() exits


@export_app.command("gdelt")
def export_gdelt_cmd(
    out: Annotated[Path, typer.Argument(help="File to write, e.g. events.export.CSV (tab-separated).")],
    db: DbOption = None,
    header: Annotated[
        bool, typer.Option("--header/--no-header", help="Write GDELT's column names as a first line.")
    ] = False,
    all_statuses: AllStatuses = False,
) -> None:
    """Write events in the GDELT 2.0 Events format: 61 tab-separated columns in GDELT's order.

    One row per GDELT-style event (view [bold]event_clusters[/]: same actor pair, CAMEO code, date and
    status across articles), with NumMentions, NumSources and NumArticles counted across articles.
    GLOBALEVENTID is stable across re-runs. Fields newsevents does not produce (AvgTone, ethnic and
    religion codes, actor geography) are empty; ActionGeo comes from the event's own place. No header by
    default, like GDELT's files.
    """
    from newsevents.exports import export_gdelt

    conn, _ = _open(db)
    try:
        stats = export_gdelt(conn, out, header=header, include_all=all_statuses)
    finally:
        conn.close()
    skipped = f", {stats.skipped} skipped (no date)" if stats.skipped else ""
    terminal.console.print(f"{out}: {stats.written} GDELT event row(s){skipped}")


@export_app.command("parquet")
def export_parquet_cmd(
    out_dir: Annotated[Path, typer.Argument(help="Folder to write <table>.parquet files into (created).")],
    db: DbOption = None,
    views: Annotated[bool, typer.Option("--views", help="Also write every analysis view.")] = False,
) -> None:
    """Write every table (and with --views every analysis view) as Parquet, plus manifest.json.

    Read them back with DuckDB ([bold]select * from 'DIR/events.parquet'[/]), pandas, polars or Spark.
    """
    from newsevents.exports import export_parquet

    conn, _ = _open(db)
    try:
        counts = export_parquet(conn, out_dir, include_views=views)
    finally:
        conn.close()
    total = sum(counts.values())
    terminal.console.print(f"{out_dir}: {len(counts)} Parquet file(s), {total:,} row(s)")
    for name, n in counts.items():
        sys.stdout.write(f"{name}.parquet\t{n}\n")


@export_app.command("plover")
def export_plover_cmd(
    out: Annotated[Path, typer.Argument(help="File to write (JSON lines, one event per line).")],
    db: DbOption = None,
    all_statuses: AllStatuses = False,
) -> None:
    """Write PLOVER-style JSON records, one per coded event, with the evidence sentence.

    Fields as in the PLOVER gold-standard records: id, date, source and target actors (actorText, code,
    sector), event, mode, context, eventText, eventLoc, text, plus newsevents' status, CAMEO code and
    character offsets. Symmetric events list both actors as sources. Events without a PLOVER type are
    skipped and counted.
    """
    from newsevents.exports import export_plover

    conn, _ = _open(db)
    try:
        stats = export_plover(conn, out, include_all=all_statuses)
    finally:
        conn.close()
    skipped = f", {stats.skipped} skipped (no PLOVER type)" if stats.skipped else ""
    terminal.console.print(f"{out}: {stats.written} PLOVER record(s){skipped}")


def report_cmd(
    out: Annotated[Path, typer.Option("--out", "-o", help="HTML file to write.")] = Path("report.html"),
    db: DbOption = None,
    top: Annotated[int, typer.Option(help="Actor pairs on the timeline.", min=1, max=30)] = 6,
    sample: Annotated[int, typer.Option(help="Events in the evidence table.", min=0, max=1000)] = 25,
) -> None:
    """Write a self-contained HTML report with charts and evidence sentences.

    Charts: events over time per top actor pair, the Goldstein trend, QuadClass shares, a world map of
    event places and the top actors, each also saved as PNG beside the HTML (<stem>-<chart>.png). Then a
    sample of events with their evidence sentence, trigger highlighted. Works offline; an empty database
    gives a page that says there is no data. With a Prefect API (PREFECT_API_URL, or a `newsevents server`
    running for this data folder) it runs as the [bold]report[/] flow, which attaches the key figures and a
    link to the page to its flow run.
    """
    from newsevents.prefect_env import (
        announce_flow_run,
        find_prefect_api,
        prefect_run_settings,
        quiet_prefect_env,
    )

    settings = terminal.settings(db=db)
    quiet_prefect_env(settings.data_dir)
    api_url = find_prefect_api(settings.data_dir)
    from tasks.db import DatabaseLocked

    try:
        if api_url is not None:  # a flow run, with the key figures and a link to the page as artifacts
            from flows.report import report as report_flow
            from tasks import progress

            with prefect_run_settings(settings.data_dir, api_url), progress.watch(announce_flow_run):
                built = report_flow(db=str(settings.db), out=str(out), top=top, sample=sample)
            html, charts, figures = Path(built["html"]), built["charts"], built["figures"]
        else:
            from tasks.report import build_report

            result = build_report(settings.db, out, top=top, sample=sample)
            html, charts, figures = result.html, result.charts, result.figures
    except (DatabaseLocked, FileNotFoundError) as exc:
        terminal.fail(str(exc))
        return
    terminal.console.print(
        f"{html}: {figures['events']} event(s) from {figures['articles']} article(s), {len(charts)} chart(s)"
    )
