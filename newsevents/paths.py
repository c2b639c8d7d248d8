"""Where the project's bundled files live, in a source checkout or an installed wheel."""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent
_REPO = _PKG.parent


def sql_dir() -> Path:
    """The ``sql/`` folder: the checkout's, or the copy packed into the wheel."""
    for candidate in (_REPO / "sql", _PKG / "_sql"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("newsevents SQL files not found (expected sql/ beside the package)")


def seeds_dir() -> Path:
    for candidate in (_REPO / "seeds", _PKG / "_seeds"):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("newsevents seeds not found")
