"""Where a run's stage tasks execute, and how many at once: a plan, one small submitter interface, one window.

- **Plan** (:func:`plan`): ``threads`` (this machine; with ``workers`` > 1 the CPU work of each task goes
  to a local process pool, :mod:`tasks.executor`) or ``dask`` (a running cluster at ``tcp://host:port``,
  where each Dask worker process runs the stage itself). The plan also bounds the batches in flight.
- **Submitters** (:func:`submitter`): ``submit(task, name, *args)`` returns a future whose ``result()``
  is the task's return value.

  - Inside a Prefect flow run, a stage is a Prefect task run: ``task.submit()`` on the flow's own task
    runner (threads), or on prefect-dask's ``DaskTaskRunner`` for a cluster.
  - With no Prefect API (``flow.fn()``, what ``newsevents ingest --orchestrator local`` does), the task's
    function runs on a standard ``concurrent.futures`` thread pool, or right here in this thread with one
    worker.

- **Window** (:func:`window`): items in, ``(item, result)`` out in input order, at most ``size`` submitted
  and not yet handed on. The ingest flow chains two (clean, then extract) and the fetcher runs one over
  its pages.

Workers of any kind return plain values (cleaned articles, rows, rejects) and never open DuckDB: the flow's
process is the single writer. The per-document time budget (:mod:`tasks.budget`) holds in every mode.

The Dask path needs a Prefect flow run and a Prefect server (``PREFECT_API_URL``) that the workers can
reach: they report task-run states to it. A temporary server lives in the flow's process only.
"""

from __future__ import annotations

import inspect
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar

T = TypeVar("T")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)

TASK_RUNNERS = ("threads", "dask")


class RunnerError(ValueError):
    """The task runner settings are unusable (unknown name, missing address, no flow run)."""


# Without a server URL, Prefect starts a temporary server inside the flow's process; the Dask workers cannot
# see it and would each start their own (seconds each, and the task runs would be recorded there).
NO_API_URL = (
    "--task-runner dask needs a Prefect server that the Dask workers can reach: start one "
    "(`prefect server start`) and set PREFECT_API_URL (see docs/SCALING.md)"
)


# ---------------------------------------------------------------------------------------------- the plan


@dataclass(frozen=True, slots=True)
class RunnerPlan:
    """How one run executes its stage tasks."""

    name: str  # threads | dask
    window: int  # batches in flight at most (bounds memory): being cleaned, deduplicated, extracted, loaded
    stage_workers: int  # worker processes inside each task: 1 on Dask, where the cluster is the pool
    address: str | None = None

    @property
    def extract_window(self) -> int:
        """Extract tasks in flight: one per worker process (or Dask thread), so none waits for work."""
        return max(1, self.window // 2)

    @property
    def ramp(self) -> int:
        """How many first batches are made smaller so that each stage task has a batch of its own: the
        extract tasks in flight when each one runs on one worker (Dask); 1 (no ramp) when a task splits
        its batch over a local process pool itself."""
        return self.extract_window if self.stage_workers == 1 else 1

    @property
    def clean_window(self) -> int:
        """Clean tasks in flight: the rest of the window (a batch handed on to extraction counts there)."""
        return self.window - self.extract_window + 1


def prefect_api_url() -> str | None:
    """The Prefect API URL this process reports to, if one is configured (not a temporary server)."""
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return str(url) if url else None


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


# ---------------------------------------------------------------------------------------------- submitters


class Pending(Protocol[R_co]):
    """A submitted stage: a ``concurrent.futures.Future`` or a Prefect future."""

    def result(self) -> R_co: ...


class Submitter(Protocol):
    """Runs stage tasks (Prefect ``@task`` objects) somewhere; ``close()`` waits for what is running."""

    def submit(self, task: Any, name: str, *args: Any) -> Pending[Any]: ...

    def close(self) -> None: ...


_NO_FLOW_RUN = "{what} need a Prefect flow run: use `--orchestrator prefect` (or call the flow, not flow.fn)"


def in_flow_run() -> bool:
    """Whether this code runs inside a Prefect flow run (whose task runner takes task submissions)."""
    from prefect.context import FlowRunContext

    return FlowRunContext.get() is not None


def done(value: R) -> Future[R]:
    """A finished future holding ``value``: a stage with nothing to do submits no task run."""
    future: Future[R] = Future()
    future.set_result(value)
    return future


class PrefectSubmitter:
    """Stage tasks as task runs of the current Prefect flow run: on the flow's own task runner, or on
    ``task_runner`` (entered here, left by :meth:`close`), such as prefect-dask's ``DaskTaskRunner``."""

    def __init__(self, task_runner: Any = None) -> None:
        if not in_flow_run():
            raise RunnerError(_NO_FLOW_RUN.format(what="Prefect task runs"))
        self.runner = task_runner
        if self.runner is not None:
            self.runner.__enter__()

    def submit(self, task: Any, name: str, *args: Any) -> Pending[Any]:
        named = task.with_options(task_run_name=name)
        if self.runner is None:
            return named.submit(*args)
        parameters = dict(inspect.signature(task.fn).bind(*args).arguments)
        return self.runner.submit(named, parameters=parameters)

    def close(self) -> None:
        if self.runner is not None:
            self.runner.__exit__(None, None, None)


class LocalSubmitter:
    """Stage tasks' plain functions (``task.fn``), with no Prefect API: on a ``concurrent.futures`` thread
    pool of ``threads``, or with ``threads`` ≤ 1 right here, in this thread, at submission."""

    def __init__(self, threads: int) -> None:
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="newsevents") if threads > 1 else None

    def submit(self, task: Any, name: str, *args: Any) -> Pending[Any]:
        if self.pool is not None:
            return self.pool.submit(task.fn, *args)
        future: Future[Any] = Future()
        try:
            future.set_result(task.fn(*args))
        except BaseException as exc:  # delivered by result(), as a pooled future would
            future.set_exception(exc)
        return future

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)


def submitter(plan: RunnerPlan) -> Submitter:
    """The submitter for ``plan`` here: Prefect task runs inside a flow run (Dask: always), else local."""
    if plan.address:
        if not in_flow_run():
            raise RunnerError(_NO_FLOW_RUN.format(what="Dask task runs"))
        if not prefect_api_url():
            raise RunnerError(NO_API_URL)
        from prefect_dask import DaskTaskRunner

        return PrefectSubmitter(DaskTaskRunner(address=plan.address))
    if in_flow_run():
        return PrefectSubmitter()
    # One worker: the stages run on this (main) thread, in order. More: each stage task waits on the
    # process pool of tasks/executor.py from a thread of its own.
    return LocalSubmitter(threads=plan.window if plan.stage_workers > 1 else 1)


# ---------------------------------------------------------------------------------------------- the window


def window(items: Iterable[T], submit: Callable[[T], Pending[R]], size: int) -> Iterator[tuple[T, R]]:
    """``submit(item)`` for each item; yield ``(item, result)`` in input order (first in, first out).

    At most ``size`` items are submitted and not yet yielded: items are pulled lazily, only when there is
    room, so memory stays bounded whatever the input's length, and a consumer that runs in order (the
    deduplicator, the single writer) sees a deterministic sequence. A failed item raises when its turn
    comes; when the consumer stops early, whatever was not started is cancelled.
    """
    if size < 1:
        raise ValueError(f"a window holds at least one item, not {size}")
    pending: deque[tuple[T, Pending[R]]] = deque()
    source = iter(items)
    exhausted = False
    try:
        while True:
            while not exhausted and len(pending) < size:
                try:
                    item = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending.append((item, submit(item)))
            if not pending:
                return
            item, future = pending.popleft()
            yield item, future.result()
    finally:
        for _, future in pending:
            cancel = getattr(future, "cancel", None)  # Prefect futures have none: their runs finish
            if callable(cancel):
                cancel()
