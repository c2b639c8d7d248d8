"""A per-document time budget: a block that runs too long becomes a ``<stage>/timeout`` reject.

The budget is enforced with ``SIGALRM`` (``setitimer``), which can interrupt pure-Python work such as
trafilatura's tree walks between bytecodes. Signals are delivered to the main thread only, so the budget
holds when the stage runs in a process's main thread: in-process runs with ``workers = 1`` (the default of
``newsevents ingest``, which runs each stage on the main thread), the worker processes of ``workers > 1``,
and direct calls of :func:`tasks.clean.clean_batch`. In a thread (Prefect runs tasks on threads) it is not
enforced; there the size caps (``max_input_bytes``, ``max_text_chars``) are what bound a document's time.
A long C call (one lxml parse) is interrupted when it returns to Python.

An alarm that was already armed (pytest-timeout, an outer budget) is respected: when it is due first, it
stays in charge; otherwise it is re-armed with its remaining time when the block ends.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from types import FrameType

from tasks.records import RejectError


class _Expired(BaseException):
    """Raised by the alarm. A BaseException, so library code's ``except Exception`` cannot swallow it."""


def enforceable() -> bool:
    """True when a budget would be enforced here (the main thread of a POSIX process)."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def time_budget(seconds: float | None, stage: str, what: str = "document") -> Iterator[bool]:
    """Run the block within ``seconds`` or raise ``RejectError(stage, "timeout")``.

    Yields whether the budget is enforced (see the module docstring). ``None`` or ``0`` means no budget.
    """
    if not seconds or seconds <= 0 or not enforceable():
        yield False
        return

    armed = [True]  # an alarm that lands after the block has ended raises nothing

    def on_alarm(signum: int, frame: FrameType | None) -> None:
        if armed[0]:
            raise _Expired

    old_handler = signal.signal(signal.SIGALRM, on_alarm)
    old_delay, old_interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    if 0 < old_delay <= seconds:  # an outer alarm is due first: leave it in charge
        signal.setitimer(signal.ITIMER_REAL, old_delay, old_interval)
        signal.signal(signal.SIGALRM, old_handler)
        yield False
        return
    started = time.monotonic()
    try:
        yield True
        armed[0] = False
    except _Expired:
        raise RejectError(
            stage, "timeout", f"{what} took longer than the {seconds:g} s budget (setting doc_timeout)"
        ) from None
    finally:
        armed[0] = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old_handler)
        if old_delay > 0:
            left = old_delay - (time.monotonic() - started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), old_interval)
