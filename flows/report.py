"""The ``report`` flow: write the HTML report with charts and attach its key figures and a link to it as
artifacts. Composition only: the work is in :mod:`tasks.report`."""

from __future__ import annotations

from typing import Any

from prefect import flow

from tasks import artifacts, progress
from tasks.report import build_report_task, publish_report_artifacts
from tasks.settings import load_settings


@flow(name="report", log_prints=True)
def report(db: str | None = None, out: str | None = None, top: int = 6, sample: int = 25) -> dict[str, Any]:
    """Build ``out`` (HTML, with PNG charts beside it) from ``db``, read-only; publish report artifacts.

    Args:
        db: The DuckDB file. Empty: the db setting (defaults, newsevents.toml, NEWSEVENTS_DB).
        out: The HTML file to write. Empty: report.html in the data_dir setting.
        top: Actor pairs on the timeline.
        sample: Events in the evidence table.
    """
    settings = load_settings(db=db)
    run = artifacts.current_flow_run()
    if run is not None:  # whoever watches (the CLI) can point at the run's page
        progress.report("start", flow_run_id=run.id, flow_run_name=run.name, url=run.url)
    built = build_report_task(str(settings.db), out or str(settings.data_dir / "report.html"), top, sample)
    publish_report_artifacts(built)
    return built
