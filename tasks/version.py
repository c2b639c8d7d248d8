"""Versions: the package's (from its metadata, written once in pyproject.toml) and the extractor's.

The extractor version bumps when cleaning or extraction changes, so reprocessing knows what is stale. It is
the package version plus a fingerprint of the dictionaries and rule files in ``tasks/data`` and the settings
that change what extraction writes: a user who edits a dictionary or turns ``keep_hypothetical`` on gets a new
version, and ``reprocess`` redoes the affected articles.
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
def data_fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            digest.update(path.relative_to(DATA_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:8]


def extractor_version(variant: str = "") -> str:
    """``<package version>+<data fingerprint>`` and the extraction settings that change what is written
    (``variant``, from :attr:`tasks.extract.ExtractOptions.variant`: "+hypothetical" when hypothetical
    events are kept), so turning such a setting on or off makes stored articles stale for ``reprocess``."""
    return f"{CODE_VERSION}+{data_fingerprint()}{variant}"
