"""A per-document time budget: a block that runs too long becomes a ``<stage>/timeout`` reject.

The budget interrupts pure-Python work, such as trafilatura's tree walks, between bytecodes, in whatever
thread the stage runs, so it holds in every mode of a run (:mod:`tasks.concurrency`):

- in a process's **main thread** (``newsevents ingest`` with one worker and no Prefect API, the worker
  processes of ``workers`` > 1, direct calls of :func:`tasks.clean.clean_batch`) it is ``SIGALRM``
  (``setitimer``);
- in **any other thread** (a Prefect task run on the flow's thread pool, a Dask worker's thread, a local
  pool thread) a timer thread raises the same exception in the stage's thread when the time is up
  (CPython's ``PyThreadState_SetAsyncExc``, the documented way to raise in another thread).

Either way a long C call (one lxml parse) is interrupted when it returns to Python, and the exception is a
``BaseException``, so library code's ``except Exception`` cannot swallow it. On a Python without either
mechanism the budget is not enforced (:func:`enforceable`); the size caps (``max_input_bytes``,
``max_text_chars``) still bound a document's time.

An alarm that was already armed in the main thread (pytest-timeout, an outer budget) is respected: when it
is due first, it stays in charge; otherwise it is re-armed with its remaining time when the block ends.
"""

from __future__ import annotations

import ctypes
import signal
import threading
import time
from collections.abc import Callable
from types import FrameType
from typing import Any, TypeVar

from tasks.records import RejectError

T = TypeVar("T")


class _Expired(BaseException):
    """Raised by the alarm. A BaseException, so library code's ``except Exception`` cannot swallow it."""


# CPython's C API call that raises an exception in another thread (absent on other Pythons).
_SET_ASYNC_EXC = getattr(getattr(ctypes, "pythonapi", None), "PyThreadState_SetAsyncExc", None)


def _in_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


def enforceable() -> bool:
    """True when a budget would be enforced in this thread (see the module docstring)."""
    if _in_main_thread() and hasattr(signal, "setitimer"):
        return True
    return _SET_ASYNC_EXC is not None


class _SignalAlarm:
    """SIGALRM for the main thread."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.armed = False  # an alarm that lands after the block has ended raises nothing
        self.old_handler: Any = None
        self.old_delay, self.old_interval, self.started = 0.0, 0.0, 0.0

    def _on_alarm(self, signum: int, frame: FrameType | None) -> None:
        if self.armed:
            raise _Expired

    def arm(self) -> None:
        """Start the alarm; when an outer alarm is due first, leave that one in charge instead."""
        self.old_handler = signal.signal(signal.SIGALRM, self._on_alarm)
        self.armed = True
        self.started = time.monotonic()
        self.old_delay, self.old_interval = signal.setitimer(signal.ITIMER_REAL, self.seconds)
        if 0 < self.old_delay <= self.seconds:
            self.disarm()

    def disarm(self) -> None:
        """Stop the alarm and restore the outer one, with its remaining time (safe to call again)."""
        if self.old_handler is None:
            return
        self.armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self.old_handler)
        self.old_handler = None
        if self.old_delay > 0:
            left = self.old_delay - (time.monotonic() - self.started)
            signal.setitimer(signal.ITIMER_REAL, max(left, 0.001), self.old_interval)


class _ThreadAlarm:
    """A timer thread that raises in the armed thread (any thread) when the time is up."""

    def __init__(self, seconds: float) -> None:
        self.target = ctypes.c_ulong(threading.get_ident())
        self.lock = threading.Lock()
        self.state = "armed"  # armed → fired (the exception is pending or raised), or done (disarmed)
        self.timer = threading.Timer(seconds, self._fire)
        self.timer.daemon = True
        self.timer.name = "newsevents-budget"

    def _fire(self) -> None:
        assert _SET_ASYNC_EXC is not None
        with self.lock:
            if self.state == "armed":
                self.state = "fired"
                _SET_ASYNC_EXC(self.target, ctypes.py_object(_Expired))

    def arm(self) -> None:
        self.timer.start()

    def disarm(self) -> None:
        """Stop the timer; drop the exception if it fired but has not been raised yet (safe to call again)."""
        assert _SET_ASYNC_EXC is not None
        self.timer.cancel()
        with self.lock:
            fired = self.state == "fired"
            self.state = "done"
        if fired:
            _SET_ASYNC_EXC(self.target, None)


def within(seconds: float | None, stage: str, fn: Callable[..., T], *args: Any, what: str = "document") -> T:
    """``fn(*args)`` within ``seconds``, or raise ``RejectError(stage, "timeout")``.

    ``None`` or ``0`` means no budget. A plain call rather than a ``with`` block, so that an alarm landing
    anywhere between arming and disarming (even inside them, with a tiny budget) becomes the timeout
    reject: each alarm raises once, and this function catches it wherever it lands.
    """
    if not seconds or seconds <= 0:
        return fn(*args)
    alarm: _SignalAlarm | _ThreadAlarm
    if _in_main_thread() and hasattr(signal, "setitimer"):
        alarm = _SignalAlarm(seconds)
    elif _SET_ASYNC_EXC is not None:
        alarm = _ThreadAlarm(seconds)
    else:
        return fn(*args)
    try:
        try:
            alarm.arm()
            return fn(*args)
        finally:
            alarm.disarm()
    except _Expired:
        alarm.disarm()  # again: the alarm may have landed in the first call, before it had finished
        raise RejectError(
            stage, "timeout", f"{what} took longer than the {seconds:g} s budget (setting doc_timeout)"
        ) from None
