"""Where CPU-bound stage work runs: in this process, or in a pool of worker processes.

Each worker process loads the spaCy model once (on its first extract task, through the cached loader) and
keeps it for every batch, so two workers on two cores parse in parallel without re-loading anything.
The pool uses ``spawn``: forking a process that already runs Prefect's threads is unsafe.
"""

from __future__ import annotations

import atexit
import multiprocessing
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

_pool: ProcessPoolExecutor | None = None
_pool_key: tuple[int, str | None] | None = None
_lock = threading.Lock()


def _init_worker(model: str | None) -> None:
    """Warm trafilatura, the heaviest cleaning import (the stage module itself is imported when the first
    task's function is unpickled here). The spaCy model is loaded by the first extract task that reaches
    this worker (the cached loader keeps it for every later batch), so a run with nothing to parse, such as
    a re-run over unchanged inputs, never pays for it."""
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
                initargs=(model,),
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


def run_cpu(fn: Callable[..., T], *args: Any, workers: int = 1, model: str | None = None) -> T:
    """Run ``fn(*args)`` here when workers == 1, else on the shared process pool, and wait for it.

    A call whose first argument is an empty batch runs here too: there is nothing to ship to a worker,
    and starting the pool for it would cost seconds (a re-run where every input is unchanged).
    """
    if workers <= 1 or (bool(args) and isinstance(args[0], list | tuple) and not args[0]):
        return fn(*args)
    return get_pool(workers, model).submit(fn, *args).result()
