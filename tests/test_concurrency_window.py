"""tasks/concurrency.py without a model or a cluster: the bounded FIFO window, the local submitters and the
plan's windows. (tests/test_concurrency.py is about concurrent runs on one database.)"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import pytest

from tasks import concurrency


def test_concurrency_window_yields_in_input_order_whatever_finishes_first() -> None:
    def work(i: int) -> int:
        time.sleep(0.01 * (6 - i))  # later items finish first
        return i * 10

    with ThreadPoolExecutor(max_workers=3) as pool:
        got = list(concurrency.window(range(6), lambda i: pool.submit(work, i), size=3))
    assert got == [(i, i * 10) for i in range(6)]


def test_concurrency_window_pulls_lazily_and_never_holds_more_than_its_size() -> None:
    pulled: list[int] = []
    submitted: list[int] = []

    def source() -> Iterator[int]:
        for i in range(20):
            pulled.append(i)
            yield i

    def submit(item: int) -> Future[int]:
        submitted.append(item)
        return concurrency.done(item)

    held = []
    for item, result in concurrency.window(source(), submit, size=4):
        assert item == result
        held.append(len(submitted) - item)  # submitted and not yet handed on, this one included
    assert held[0] == 4 and max(held) == 4 and pulled == list(range(20))


def _pending(item: int) -> Future[int]:
    """Item 0 is done, item 1 failed, the rest never start."""
    future: Future[int] = Future()
    if item == 0:
        future.set_result(0)
    elif item == 1:
        future.set_exception(ValueError("batch 1 failed"))
    return future


def test_concurrency_window_raises_a_failure_in_its_turn_and_cancels_the_rest() -> None:
    futures: dict[int, Future[int]] = {}
    out = concurrency.window(range(6), lambda i: futures.setdefault(i, _pending(i)), size=3)
    assert next(out) == (0, 0)
    with pytest.raises(ValueError, match="batch 1 failed"):
        next(out)
    assert sorted(futures) == [0, 1, 2, 3]  # what was submitted by then; 4 and 5 never were
    assert futures[2].cancelled() and futures[3].cancelled()


def test_concurrency_window_stopped_early_cancels_what_has_not_started() -> None:
    futures: dict[int, Future[int]] = {}
    out = concurrency.window(range(10), lambda i: futures.setdefault(i, _pending(i)), size=3)
    assert next(out) == (0, 0)
    out.close()
    assert sorted(futures) == [0, 1, 2] and futures[2].cancelled()


def test_concurrency_window_needs_room() -> None:
    with pytest.raises(ValueError, match="at least one"):
        list(concurrency.window(range(3), concurrency.done, size=0))


class _Task:
    """The one thing submitters use of a Prefect task without a flow run: its plain function ``fn``."""

    def __init__(self, fn: Any) -> None:
        self.fn = fn


def test_concurrency_local_submitter_inline_runs_here_and_delivers_errors_by_result() -> None:
    where: list[str] = []
    sub = concurrency.LocalSubmitter(threads=1)
    ok = sub.submit(_Task(lambda x: where.append(threading.current_thread().name) or x + 1), "t", 1)
    assert where == [threading.current_thread().name] and ok.result() == 2
    failed = sub.submit(_Task(lambda: 1 / 0), "t")
    with pytest.raises(ZeroDivisionError):
        failed.result()
    sub.close()


def test_concurrency_local_submitter_pool_runs_on_its_threads() -> None:
    sub = concurrency.LocalSubmitter(threads=2)
    try:
        names = [sub.submit(_Task(lambda: threading.current_thread().name), "t").result() for _ in range(3)]
    finally:
        sub.close()
    assert all(n.startswith("newsevents") for n in names)


def test_concurrency_submitter_without_a_flow_run_is_local() -> None:
    one = concurrency.submitter(concurrency.plan("threads", workers=1))
    two = concurrency.submitter(concurrency.plan("threads", workers=2))
    try:
        assert isinstance(one, concurrency.LocalSubmitter) and one.pool is None
        assert isinstance(two, concurrency.LocalSubmitter) and two.pool is not None
    finally:
        one.close()
        two.close()
    with pytest.raises(concurrency.RunnerError, match="flow run"):
        concurrency.PrefectSubmitter()


@pytest.mark.parametrize("workers", [1, 2, 3, 8])
def test_concurrency_plan_windows_add_up_to_the_batches_in_flight(workers: int) -> None:
    """While one batch loads, the extract window holds the next ones and the clean window the rest."""
    plan = concurrency.plan("threads", workers=workers)
    assert plan.extract_window == workers
    assert plan.clean_window + plan.extract_window - 1 == plan.window == 2 * max(1, workers)


def test_concurrency_plan_ramps_only_where_a_task_runs_on_one_worker() -> None:
    """On Dask each stage task is one worker's: the first batches are made smaller so a small input still
    reaches every worker; a local task splits its batch over its own pool, so no ramp there."""
    assert concurrency.plan("threads", workers=2).ramp == 1
    assert concurrency.RunnerPlan("dask", window=4, stage_workers=1, address="tcp://127.0.0.1:1").ramp == 2


def test_ingest_batches_ramp_up_so_a_small_input_fills_every_worker() -> None:
    from flows.ingest import _batches
    from tasks.records import Reject

    docs = [object() for _ in range(40)]  # stands for RawDocument: only counted here
    assert [len(d) for d, _ in _batches(docs, 50)] == [40]  # type: ignore[arg-type]
    assert [len(d) for d, _ in _batches(docs, 50, ramp=2)] == [25, 15]  # type: ignore[arg-type]
    many = [object() for _ in range(130)]
    assert [len(d) for d, _ in _batches(many, 50, ramp=2)] == [25, 25, 50, 30]  # type: ignore[arg-type]
    reject = Reject(input_ref="x", stage="read", reason="too_large", detail="")
    assert [(len(d), len(r)) for d, r in _batches([reject], 50, ramp=2)] == [(0, 1)]
