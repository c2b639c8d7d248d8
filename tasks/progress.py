"""Progress reporting from inside a run to whoever is watching (the CLI's progress bar, a Prefect artifact).

The flow calls :func:`report`; a watcher registers with :func:`watch`. With no watcher it costs nothing.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterator
from typing import Any

Reporter = Callable[[str, dict[str, Any]], None]
_local = threading.local()
_global: list[Reporter] = []


def report(event: str, **data: Any) -> None:
    """Tell every watcher: ``event`` is one of start (the flow run, under Prefect), batch, done."""
    for reporter in list(_global):
        reporter(event, data)


@contextlib.contextmanager
def watch(reporter: Reporter) -> Iterator[None]:
    """Register ``reporter`` for the duration of the block."""
    _global.append(reporter)
    try:
        yield
    finally:
        _global.remove(reporter)
