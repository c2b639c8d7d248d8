"""The ``report`` flow: write the HTML report with charts and attach its key figures and a link to it as
artifacts. Composition only: the work is in :mod:`tasks.report`."""

from __future__ import annotations

from typing import Any

from prefect import flow

from tasks.report import build_report_task, publish_report_artifacts


@flow(name="report", log_prints=True)
def report(
    db: str = "data/newsevents.duckdb", out: str = "data/report.html", top: int = 6, sample: int = 25
) -> dict[str, Any]:
    """Build ``out`` (HTML, with PNG charts beside it) from ``db``, read-only; publish report artifacts."""
    built = build_report_task(db, out, top, sample)
    publish_report_artifacts(built)
    return built
