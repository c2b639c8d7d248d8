"""Report step for Prefect: build the HTML report (see :mod:`newsevents.report`) and publish its key
figures and a link to it as artifacts of the flow run.

Artifact keys: ``report-figures`` (markdown: key figures, file path, chart files) and ``report-link``
(a ``file://`` link to the HTML on the machine that ran the flow).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from prefect import task


def build(db: str, out: str, top: int = 6, sample: int = 25) -> dict[str, Any]:
    """Write the report; return plain values: html path, chart paths, key figures."""
    from newsevents.report import build_report

    result = build_report(db, out, top=top, sample=sample)
    return {
        "html": str(result.html.resolve()),
        "charts": {name: str(path.resolve()) for name, path in result.charts.items()},
        "figures": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in result.figures.items()},
    }


@task(name="build-report")
def build_report_task(db: str, out: str, top: int = 6, sample: int = 25) -> dict[str, Any]:
    """Write the HTML report and its PNG charts."""
    return build(db, out, top, sample)


def figures_markdown(report: dict[str, Any]) -> str:
    """Key figures of a built report as markdown."""
    lines = ["# newsevents report", "", f"Report: `{report['html']}`", "", "| figure | value |", "|---|---|"]
    for key, value in report["figures"].items():
        lines.append(f"| {key.replace('_', ' ')} | {'' if value is None else value} |")
    charts = ", ".join(f"`{Path(p).name}`" for p in report["charts"].values())
    lines += ["", f"Charts: {charts or 'none (no events in the database)'}"]
    return "\n".join(lines) + "\n"


@task(name="publish-report-artifacts")
def publish_report_artifacts(report: dict[str, Any]) -> list[str]:
    """Attach the key figures (markdown) and a link to the HTML to the flow run; return the artifact keys."""
    from prefect.artifacts import create_link_artifact, create_markdown_artifact

    create_markdown_artifact(
        key="report-figures", markdown=figures_markdown(report), description="newsevents report: key figures"
    )
    create_link_artifact(
        key="report-link", link=Path(report["html"]).as_uri(), link_text=Path(report["html"]).name,
        description="The HTML report (a file on the machine that ran the flow)",
    )  # fmt: skip
    return ["report-figures", "report-link"]
