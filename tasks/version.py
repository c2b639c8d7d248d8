"""Versions: the package's (from its metadata, written once in pyproject.toml) and the extractor's.

The extractor version bumps when cleaning or extraction changes, so reprocessing knows what is stale. It is
the package version plus a fingerprint of the dictionaries and rule files in ``tasks/data``: a user who
edits a dictionary gets a new version, and ``reprocess`` redoes the affected articles.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def package_version() -> str:
    """The installed newsevents distribution's version (``project.version`` in pyproject.toml)."""
    try:
        return metadata.version("newsevents")
    except metadata.PackageNotFoundError:  # a checkout on sys.path that was never installed
        return "0+unknown"


CODE_VERSION = package_version()


@lru_cache(maxsize=1)
def extractor_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            digest.update(path.relative_to(DATA_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{CODE_VERSION}+{digest.hexdigest()[:8]}"
