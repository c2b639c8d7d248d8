"""The report flow under a real Prefect API (test harness): it writes the report and attaches its key
figures and a link to it as artifacts of the flow run."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.analyst_db import build_analyst_db


@pytest.mark.integration
def test_report_flow_publishes_figures_and_link(prefect_harness: None, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId

    from flows.report import report

    db = build_analyst_db(tmp_path / "analyst.duckdb")
    out = tmp_path / "site" / "report.html"
    state = report(db=str(db), out=str(out), return_state=True)
    assert state.is_completed()
    built = state.result()
    assert built["html"] == str(out.resolve()) and out.is_file()
    assert set(built["charts"]) == {"timeline", "goldstein", "quadclass", "map", "actors"}
    flow_run_id = state.state_details.flow_run_id
    with get_client(sync_client=True) as client:
        found = client.read_artifacts(
            artifact_filter=ArtifactFilter(flow_run_id=ArtifactFilterFlowRunId(any_=[flow_run_id]))
        )
    arts = {a.key: a for a in found}
    assert set(arts) == {"report-figures", "report-link"}
    assert arts["report-figures"].type == "markdown"
    assert "| events | 9 |" in str(arts["report-figures"].data)
    # Prefect stores a link artifact as markdown: [report.html](file://...)
    assert out.resolve().as_uri() in str(arts["report-link"].data)
