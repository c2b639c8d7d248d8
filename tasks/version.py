"""The extractor version: bumps when cleaning or extraction changes, so reprocessing knows what is stale.

It is the code version plus a fingerprint of the dictionaries and rule files in ``tasks/data``: a user who
edits a dictionary gets a new version, and ``reprocess`` redoes the affected articles.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

CODE_VERSION = "0.1.0"
DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def extractor_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            digest.update(path.relative_to(DATA_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{CODE_VERSION}+{digest.hexdigest()[:8]}"
