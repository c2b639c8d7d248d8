"""Where the ``sql/`` folder lives, for every stage and the CLI.

In an installed wheel it is packed inside this package (``tasks/_sql``), and that copy wins: a stray ``sql/``
folder that another distribution left in site-packages is never read. In a source checkout (or an editable
install) there is no packed copy, and the checkout's ``sql/`` is used.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PKG = Path(__file__).resolve().parent


def sql_dir() -> Path:
    """The ``sql/`` folder: the copy packed into the wheel, else the checkout's."""
    candidates = (_PKG / "_sql", _PKG.parent / "sql")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"newsevents SQL files not found (looked in {', '.join(map(str, candidates))})")


@cache
def sql_text(folder: str, name: str) -> str:
    """The text of ``sql/<folder>/<name>.sql``, read once per process."""
    return (sql_dir() / folder / f"{name}.sql").read_text(encoding="utf-8")
