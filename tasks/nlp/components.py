"""Registered newsevents pipeline components, and the function that adds them to a model.

Every component and extension has the ``newsevents_`` prefix. Extensions are registered behind
``has_extension`` guards so that importing this module twice is harmless.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

for _name, _default in (
    ("newsevents_published", None),  # datetime | None: the article's publication time
    ("newsevents_body_start", 0),  # int: offset where the body starts (after the title paragraph)
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.component("newsevents_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Start a new sentence after every paragraph break, so a headline never merges with the lede."""
    for i, token in enumerate(doc[:-1]):
        if token.is_space and "\n" in token.text:
            doc[i + 1].is_sent_start = True
    return doc


def add_to_pipeline(nlp: Language) -> Language:
    """Insert the newsevents components in their places; idempotent."""
    if "newsevents_paragraphs" not in nlp.pipe_names:
        before: dict[str, Any] = {"before": "parser"} if "parser" in nlp.pipe_names else {}
        nlp.add_pipe("newsevents_paragraphs", **before)
    return nlp
