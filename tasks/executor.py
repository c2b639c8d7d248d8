"""Where CPU-bound stage work runs: in this process, or in a pool of worker processes.

Each worker process loads the spaCy model once (on its first extract task, through the cached loader) and
keeps it for every batch, so two workers on two cores parse in parallel without re-loading anything.
The pool uses ``spawn``: forking a process that already runs Prefect's threads is unsafe.
"""

from __future__ import annotations

import atexit
import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

# Peak resident memory of one worker process with the spaCy model loaded, measured over the 181 benchmark
# pages (docs/SCALING.md): about 650 MB; the flow's own process adds about 300 MB.
WORKER_MEMORY_MB = 650


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask, so a container's or taskset's limit counts),
    capped at 64: the default number of workers."""
    try:
        count = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        count = os.cpu_count() or 1
    return max(1, min(64, count))


_pool: ProcessPoolExecutor | None = None
_pool_key: tuple[int, str | None] | None = None
_lock = threading.Lock()


PARENT_CHECK_SECONDS = 1.0


def _exit_with_parent(parent_pid: int) -> None:
    """End this worker when the process that started it is gone. A parent killed with SIGKILL (or by the
    out-of-memory killer) runs no cleanup, and its idle workers would otherwise wait forever, each holding
    a spaCy model."""

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(PARENT_CHECK_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, name="newsevents-parent-watch", daemon=True).start()


def _init_worker(model: str | None, parent_pid: int) -> None:
    """Watch the parent, and warm trafilatura, the heaviest cleaning import (the stage module itself is
    imported when the first task's function is unpickled here). The spaCy model is loaded by the first
    extract task that reaches this worker (the cached loader keeps it for every later batch), so a run with
    nothing to parse, such as a re-run over unchanged inputs, never pays for it."""
    _exit_with_parent(parent_pid)
    import trafilatura  # noqa: F401


def get_pool(workers: int, model: str | None) -> ProcessPoolExecutor:
    """The shared worker pool for (workers, model); created on first use, reused by every batch."""
    global _pool, _pool_key
    with _lock:
        if _pool is None or _pool_key != (workers, model):
            if _pool is not None:
                _pool.shutdown(wait=True)
            _pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_init_worker,
                initargs=(model, os.getpid()),
            )
            _pool_key = (workers, model)
        return _pool


def shutdown() -> None:
    """Stop the worker pool (at exit, or when a run is over)."""
    global _pool, _pool_key
    with _lock:
        if _pool is not None:
            _pool.shutdown(wait=True, cancel_futures=True)
        _pool, _pool_key = None, None


atexit.register(shutdown)


def run_cpu_parts(
    fn: Callable[..., T], parts: Sequence[Sequence[Any]], *args: Any, workers: int, model: str | None = None
) -> list[T]:
    """``fn(part, *args)`` for each part, all at once on the shared process pool; results in part order."""
    pool = get_pool(workers, model)
    futures = [pool.submit(fn, part, *args) for part in parts]
    return [f.result() for f in futures]


def split_even(items: Sequence[T], parts: int, weight: Callable[[T], int]) -> list[list[T]]:
    """``items`` in at most ``parts`` contiguous runs of about equal total ``weight`` (order kept, none
    empty): a batch spread over the worker processes, so that the last batch of a run does not leave all
    but one of them idle."""
    total = sum(max(1, weight(x)) for x in items)
    out: list[list[T]] = []
    current: list[T] = []
    done = 0
    for x in items:
        current.append(x)
        done += max(1, weight(x))
        if len(out) < parts - 1 and done * parts >= total * (len(out) + 1):
            out.append(current)
            current = []
    if current:
        out.append(current)
    return out


def run_cpu(fn: Callable[..., T], *args: Any, workers: int = 1, model: str | None = None) -> T:
    """Run ``fn(*args)`` here when workers == 1, else on the shared process pool, and wait for it.

    A call whose first argument is an empty batch runs here too: there is nothing to ship to a worker,
    and starting the pool for it would cost seconds (a re-run where every input is unchanged).
    """
    if workers <= 1 or (bool(args) and isinstance(args[0], list | tuple) and not args[0]):
        return fn(*args)
    return get_pool(workers, model).submit(fn, *args).result()
