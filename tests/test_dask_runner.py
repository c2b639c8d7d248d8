"""The Dask task runner: clean and extract on a real LocalCluster (2 worker processes on 127.0.0.1),
the same rows as the local runner, row for row; clear errors when it cannot run."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from tasks import concurrency
from tests.conftest import SEEDS, SLOW_BUDGET_S, write_budget_corpus

runner = CliRunner()
TABLES = ("articles", "sentences", "entities", "events", "event_mentions", "quotes", "raw_documents",
          "duplicates", "rejects")  # fmt: skip
# Columns that differ between two runs of the same inputs: run ids, clocks, and gzip's header timestamp.
VOLATILE = {"run_id", "ingested_at", "created_at", "last_seen_at", "fetched_at", "content_gz"}


def table_rows(db: Path, table: str) -> list[Any]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        cols = [r[0] for r in conn.execute(f"DESCRIBE {table}").fetchall() if r[0] not in VOLATILE]
        return conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY ALL").fetchall()
    finally:
        conn.close()


def _models_loaded() -> int:
    """In a Dask worker: how many spaCy models this process has loaded (0 if it never parsed)."""
    import sys

    module = sys.modules.get("tasks.nlp.model")
    return module.load_model.cache_info().currsize if module is not None else 0


@pytest.fixture(scope="module")
def dask_cluster() -> Iterator[Any]:
    """A real Dask cluster started by the test: 2 worker processes, 1 thread each, loopback only."""
    from distributed import LocalCluster

    cluster = LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    try:
        yield cluster
    finally:
        cluster.close()


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.integration
def test_dask_runner_matches_local_runner_row_for_row(
    prefect_harness: None, dask_cluster: Any, seed_db: Path, tmp_path: Path
) -> None:
    from distributed import Client

    from flows.ingest import ingest

    db = tmp_path / "dask.duckdb"
    summary = ingest(
        paths=[str(SEEDS)],
        db=str(db),
        # Batches no other test uses: clean/extract results are cached across runs by content, and a cache
        # hit from an earlier test would skip the parse on the workers that this test checks.
        options={"batch_size": 4, "task_runner": "dask", "dask_address": dask_cluster.scheduler_address},
    )
    assert summary["flow_run_id"] and summary["accounting_ok"]
    assert summary["loaded"] > 0
    for table in TABLES:
        assert table_rows(db, table) == table_rows(seed_db, table), table
    with Client(dask_cluster.scheduler_address, set_as_default=False) as client:
        loaded = client.run(_models_loaded)
    # The parsing happened on the workers, each loading the model at most once.
    assert sum(loaded.values()) >= 1 and max(loaded.values()) == 1, loaded


def _cleaned_here() -> bool:
    """In a Dask worker: whether this process has cleaned a batch (it loaded the language detector)."""
    import sys

    module = sys.modules.get("tasks.clean")
    return module is not None and module.warm_language_model.cache_info().currsize == 1


@pytest.mark.slow
@pytest.mark.model
@pytest.mark.integration
def test_dask_runner_keeps_the_time_budget(prefect_harness: None, dask_cluster: Any, tmp_path: Path) -> None:
    """Cleaning runs on a Dask worker's thread, where SIGALRM cannot reach: the budget still holds there."""
    from distributed import Client

    from flows.ingest import ingest

    corpus = write_budget_corpus(tmp_path / "in")
    address = dask_cluster.scheduler_address
    options = {"doc_timeout": SLOW_BUDGET_S, "task_runner": "dask", "dask_address": address}
    summary = ingest(paths=[str(corpus)], db=str(tmp_path / "budget.duckdb"), options=options)
    assert summary["reject_reasons"] == {"clean/timeout": 1}
    assert (summary["inputs"], summary["loaded"]) == (3, 2)
    with Client(dask_cluster.scheduler_address, set_as_default=False) as client:
        assert any(client.run(_cleaned_here).values())  # the cleaning happened on the workers


@pytest.mark.slow
def test_dask_runner_plan_counts_the_cluster_threads(dask_cluster: Any) -> None:
    plan = concurrency.plan("dask", workers=7, dask_address=dask_cluster.scheduler_address)
    assert (plan.name, plan.window, plan.stage_workers) == ("dask", 4, 1)


@pytest.mark.slow
def test_dask_runner_needs_a_flow_run(dask_cluster: Any, tmp_path: Path) -> None:
    from flows.ingest import ingest

    with pytest.raises(concurrency.RunnerError, match="Prefect flow run"):
        options = {"task_runner": "dask", "dask_address": dask_cluster.scheduler_address}
        ingest.fn(paths=[str(SEEDS)], db=str(tmp_path / "x.duckdb"), options=options)


@pytest.mark.parametrize(
    ("task_runner", "address", "message"),
    [("dask", None, "--dask-address"), ("spark", None, "unknown task runner")],
)
def test_dask_runner_plan_rejects_bad_settings(task_runner: str, address: str | None, message: str) -> None:
    with pytest.raises(concurrency.RunnerError, match=message):
        concurrency.plan(task_runner, workers=1, dask_address=address)


def test_dask_runner_unreachable_scheduler_is_a_clear_error() -> None:
    with pytest.raises(concurrency.RunnerError, match="cannot reach the Dask scheduler"):
        concurrency.cluster_threads("tcp://127.0.0.1:9", timeout=2)


def test_threads_runner_plan_matches_the_local_pool() -> None:
    plan = concurrency.plan("threads", workers=3)
    assert (plan.name, plan.window, plan.stage_workers, plan.address) == ("threads", 6, 3, None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--task-runner", "dask"], "--dask-address"),
        (
            ["--task-runner", "dask", "--dask-address", "tcp://127.0.0.1:9", "--orchestrator", "local"],
            "Prefect",
        ),
    ],
)
def test_dask_runner_cli_errors(args: list[str], message: str, tmp_path: Path) -> None:
    result = runner.invoke(app, ["ingest", str(SEEDS), "--db", str(tmp_path / "x.duckdb"), *args])
    assert result.exit_code == 2
    assert message in result.output


@pytest.mark.parametrize("address", ["tcp://127.0.0.1:9", "not-an-address"])
def test_dask_runner_cli_unreachable_scheduler_is_one_line(address: str, tmp_path: Path) -> None:
    """Checked before any flow run starts: one line, exit code 2, no traceback."""
    args = ["ingest", str(SEEDS), "--db", str(tmp_path / "x.duckdb"), "--task-runner", "dask",
            "--dask-address", address]  # fmt: skip
    result = runner.invoke(app, args, env={"PREFECT_API_URL": "http://127.0.0.1:9/api"})
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [result.output.strip()]
    assert f"cannot reach the Dask scheduler at {address}" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "x.duckdb").exists()


def test_dask_runner_cli_needs_a_prefect_server(tmp_path: Path) -> None:
    """Without PREFECT_API_URL each Dask worker would start its own temporary server: refused up front."""
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSEVENTS_"))}
    env["PREFECT_HOME"] = str(tmp_path / "prefect")
    result = subprocess.run(
        [sys.executable, "-m", "newsevents.cli", "ingest", str(SEEDS), "--db", str(tmp_path / "x.duckdb"),
         "--task-runner", "dask", "--dask-address", "tcp://127.0.0.1:9"],
        capture_output=True, text=True, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "PREFECT_API_URL" in result.stderr
    assert not (tmp_path / "x.duckdb").exists()
