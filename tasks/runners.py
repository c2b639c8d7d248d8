"""Where the flow's clean and extract tasks run: local threads (the default) or a Dask cluster.

- ``threads``: tasks run in this process's threads; with ``workers`` > 1 their CPU work goes to a local
  process pool (:mod:`tasks.executor`), one spaCy model per worker process.
- ``dask``: tasks are Prefect task runs submitted through prefect-dask's ``DaskTaskRunner`` to an existing
  cluster (``tcp://host:port``). Each Dask worker process loads the model once (the cached loader of
  :mod:`tasks.nlp.model`) and runs the stage in-process (``workers`` = 1 inside the task). Workers return
  plain values (cleaned articles, rows, rejects) and never open DuckDB: the flow's process is the single
  writer. The number of batches in flight is twice the cluster's worker threads.

The Dask path needs a Prefect flow run and a Prefect server (``PREFECT_API_URL``) that the workers can
reach: they report task-run states to it. A temporary server lives in the flow's process only.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Any

TASK_RUNNERS = ("threads", "dask")


class RunnerError(ValueError):
    """The task runner settings are unusable (unknown name, missing address, no flow run)."""


# Without a server URL, Prefect starts a temporary server inside the flow's process; the Dask workers cannot
# see it and would each start their own (seconds each, and the task runs would be recorded there).
NO_API_URL = (
    "--task-runner dask needs a Prefect server that the Dask workers can reach: start one "
    "(`prefect server start`) and set PREFECT_API_URL (see docs/SCALING.md)"
)


def prefect_api_url() -> str | None:
    """The Prefect API URL this process reports to, if one is configured (not a temporary server)."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return str(url) if url else None


@dataclass(frozen=True, slots=True)
class RunnerPlan:
    """How one run executes its stage tasks."""

    name: str  # threads | dask
    window: int  # batches in flight at most (bounds memory)
    stage_workers: int  # worker processes inside each task: 1 on Dask, where the cluster is the pool
    address: str | None = None


def cluster_threads(address: str, timeout: float = 30.0) -> int:
    """Total worker threads of the Dask cluster at ``address`` (at least 1)."""
    from distributed import Client

    try:
        with Client(address, timeout=timeout, set_as_default=False) as client:
            return max(1, sum(client.nthreads().values()))
    except Exception as exc:  # refused, timed out, or a malformed address: one clear line
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise RunnerError(f"cannot reach the Dask scheduler at {address}: {reason}") from None


def plan(task_runner: str, workers: int, dask_address: str | None = None) -> RunnerPlan:
    """The execution plan for ``task_runner`` (threads | dask) and ``workers``."""
    if task_runner == "threads":
        return RunnerPlan("threads", window=max(2, 2 * workers), stage_workers=workers)
    if task_runner == "dask":
        if not dask_address:
            raise RunnerError(
                "--task-runner dask needs --dask-address tcp://host:port (a running Dask scheduler)"
            )
        return RunnerPlan("dask", window=max(2, 2 * cluster_threads(dask_address)), stage_workers=1,
                          address=dask_address)  # fmt: skip
    raise RunnerError(f"unknown task runner {task_runner!r}: choose one of {', '.join(TASK_RUNNERS)}")


class DaskSubmitter:
    """Submits stage tasks as Prefect task runs on a Dask cluster (prefect-dask ``DaskTaskRunner``).

    Same interface as the flow's local submitter: ``submit(task, name, *args)`` returns a future whose
    ``result()`` is the task's return value; ``close()`` disconnects (the cluster keeps running).
    """

    def __init__(self, address: str) -> None:
        from prefect.context import FlowRunContext
        from prefect_dask import DaskTaskRunner

        if FlowRunContext.get() is None:
            raise RunnerError(
                "the dask task runner runs inside a Prefect flow run: use `--orchestrator prefect` "
                "(or call the flow, not flow.fn)"
            )
        if not prefect_api_url():
            raise RunnerError(NO_API_URL)
        self.runner = DaskTaskRunner(address=address)
        self.runner.__enter__()

    def submit(self, task_obj: Any, name: str, *args: Any) -> Any:
        parameters = dict(inspect.signature(task_obj.fn).bind(*args).arguments)
        return self.runner.submit(task_obj.with_options(task_run_name=name), parameters=parameters)

    def close(self) -> None:
        self.runner.__exit__(None, None, None)
