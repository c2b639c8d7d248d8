"""The per-document time budget (``doc_timeout``, tasks/budget.py) in every mode a run can take: a page that
makes cleaning exceed a small budget becomes a ``clean/timeout`` reject while the other inputs load.

| mode | where a batch is cleaned | what interrupts the page |
|---|---|---|
| no Prefect API, one worker | this process's main thread | SIGALRM |
| no Prefect API, two workers | a local worker process's main thread (tasks/executor.py) | SIGALRM |
| Prefect flow run, one worker | a task-run thread of the flow's thread pool | the timer thread |
| Prefect flow run, two workers | a task-run thread, then a worker process's main thread | SIGALRM |
| Prefect flow run on Dask | a Dask worker's thread | the timer thread (tests/test_dask_runner.py) |
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import SLOW_BUDGET_S, write_budget_corpus

pytestmark = [pytest.mark.integration, pytest.mark.model]


@pytest.mark.parametrize("workers", [1, 2])
def test_budget_holds_without_prefect(tmp_path: Path, workers: int) -> None:
    from flows.ingest import ingest
    from tasks import executor

    corpus = write_budget_corpus(tmp_path / "in")
    executor.shutdown()  # so that a pool after the run is this run's
    options = {"doc_timeout": SLOW_BUDGET_S, "workers": workers, "batch_size": 10}
    summary = ingest.fn(paths=[str(corpus)], db=str(tmp_path / "t.duckdb"), options=options)
    assert summary["flow_run_id"] is None
    assert summary["reject_reasons"] == {"clean/timeout": 1}
    assert (summary["inputs"], summary["loaded"]) == (3, 2)
    assert (executor._pool is not None) == (workers > 1)  # two workers: the batch went to the process pool


@pytest.mark.parametrize("workers", [1, 2])
def test_budget_holds_in_a_prefect_flow_run(prefect_harness: None, tmp_path: Path, workers: int) -> None:
    from flows.ingest import ingest

    corpus = write_budget_corpus(tmp_path / "in")
    options = {"doc_timeout": SLOW_BUDGET_S, "workers": workers, "batch_size": 10}
    summary = ingest(paths=[str(corpus)], db=str(tmp_path / "t.duckdb"), options=options)
    assert summary["flow_run_id"] is not None
    assert summary["reject_reasons"] == {"clean/timeout": 1}
    assert (summary["inputs"], summary["loaded"]) == (3, 2)
