"""What every command shares: the two consoles, one-line failures and the settings they start from.

Both :mod:`newsevents.cli` and :mod:`newsevents.analyst_cli` use it, so neither imports the other's module
for it (the main app only registers the analyst's commands).
"""

from __future__ import annotations

from typing import Any

import typer
from rich.console import Console

console = Console(stderr=True)  # messages, progress, errors
out = Console()  # results


def fail(message: str, code: int = 2) -> None:
    """Print a one-line error (never hard-wrapped) and exit non-zero."""
    console.print(f"[bold red]error:[/] {message}", soft_wrap=True)
    raise typer.Exit(code)


def settings(**overrides: Any) -> Any:
    """The settings (defaults → newsevents.toml → NEWSEVENTS_* → ``overrides``), or a one-line failure."""
    from newsevents.settings import load_settings

    try:
        return load_settings(**overrides)
    except Exception as exc:  # pydantic ValidationError or a bad newsevents.toml
        fail(f"invalid settings: {exc}".splitlines()[0])
