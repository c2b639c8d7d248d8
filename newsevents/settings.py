"""The settings the CLI starts from: the one settings object of :mod:`tasks.settings`, where the flows
load it too (defaults → newsevents.toml → NEWSEVENTS_* → flags)."""

from __future__ import annotations

from tasks.fetch import FetchOptions
from tasks.settings import Settings, load_settings

__all__ = ["FetchOptions", "Settings", "load_settings"]
