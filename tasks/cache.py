"""Cache keys for the clean and extract task runs: what went in (by content hash) plus the extractor.

A batch's key hashes, for every item, its content hash (``raw_hash`` of a raw document, ``article_id`` of
a cleaned article) and every other field that can change the output (reference, input key, URL, headers,
hints, metadata), then the stage options, ``strict``, the resolved model name, the extractor version and a
fingerprint of the stage's code (``tasks/clean.py``; ``tasks/extract.py`` and ``tasks/nlp/``). The same
batch under the same extractor hits the cache in any later flow run or process; a new extractor version,
edited dictionary or changed stage code misses it and redoes the work. ``workers`` is left out: it
changes where the work runs, not its result. Keys are hex digests, so they are safe file names in the
result storage.

Results are persisted by Prefect to ``PREFECT_RESULTS_LOCAL_STORAGE_PATH`` (the CLI points it at
``<data_dir>/prefect/storage``). In-process runs (``task.fn``) bypass the cache entirely.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Iterable
from datetime import timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from tasks.version import extractor_version

TASKS_DIR = Path(__file__).resolve().parent
# The code whose edits change a stage's output (records.py: the dataclasses that travel between stages).
STAGE_SOURCES = {"clean": ("clean.py", "records.py"), "extract": ("extract.py", "records.py", "nlp")}
# Cached results older than this are ignored (and may be deleted: see docs/OPERATIONS.md).
CACHE_EXPIRATION = timedelta(days=7)
_CONTENT_FIELDS = {"data": "raw_hash", "text": "article_id"}  # content field -> the hash that stands for it


@lru_cache(maxsize=4)
def code_fingerprint(stage: str) -> str:
    """A hash of the Python sources of one stage (see ``STAGE_SOURCES``), read once per process."""
    digest = hashlib.sha256()
    for name in STAGE_SOURCES[stage]:
        target = TASKS_DIR / name
        for path in sorted(target.rglob("*.py")) if target.is_dir() else [target]:
            digest.update(path.relative_to(TASKS_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def fingerprint(item: Any) -> str:
    """A stable JSON description of one batch item, with its content replaced by its content hash."""
    if dataclasses.is_dataclass(item) and not isinstance(item, type):
        values: dict[str, Any] = {}
        for f in dataclasses.fields(item):
            if f.name in _CONTENT_FIELDS:
                continue
            value = getattr(item, f.name)
            is_record = dataclasses.is_dataclass(value) and not isinstance(value, type)
            values[f.name] = dataclasses.asdict(value) if is_record else value
        for content, hash_name in _CONTENT_FIELDS.items():
            if hasattr(item, content) and hasattr(item, hash_name):
                values[hash_name] = getattr(item, hash_name)
        return json.dumps(values, sort_keys=True, default=str)
    return json.dumps(item, sort_keys=True, default=str)


def _model_name(model: str | None) -> str:
    from tasks.nlp.model import ModelNotFound, resolve_model_name

    try:
        return resolve_model_name(model)
    except ModelNotFound:
        return str(model)


def batch_key(stage: str, items: Iterable[Any], options: Any, strict: bool, model: str | None) -> str:
    """The cache key of one stage run over one batch."""
    digest = hashlib.sha256()
    code = code_fingerprint(stage)
    head = [stage, extractor_version(), code, _model_name(model), repr(options), bool(strict)]
    digest.update(json.dumps(head, default=str).encode())
    for item in items:
        digest.update(b"\x1e")
        digest.update(fingerprint(item).encode("utf-8", "surrogatepass"))
    return f"newsevents-{stage}-{digest.hexdigest()}"


def clean_cache_key(context: Any, parameters: dict[str, Any]) -> str:
    """``cache_key_fn`` of the clean task: raw content hashes + options + extractor."""
    strict = bool(parameters.get("strict", False))
    return batch_key("clean", parameters["docs"], parameters["options"], strict, parameters.get("model"))


def extract_cache_key(context: Any, parameters: dict[str, Any]) -> str:
    """``cache_key_fn`` of the extract task: article ids (text hashes) and metadata + options + extractor."""
    options = parameters["options"]
    strict = bool(parameters.get("strict", False))
    return batch_key("extract", parameters["articles"], options, strict, getattr(options, "model", None))
