"""Event coding, re-exported from three modules so ``from tasks.nlp.events import X`` keeps working.

- :mod:`tasks.nlp.lexicon`: the verb dictionary (patterns, verb classes, inflections) and the word lists of
  ``tasks/data/verbs/word_lists.json``;
- :mod:`tasks.nlp.status`: event status (occurred, planned, hypothetical, negated, denied) of a predicate;
- :mod:`tasks.nlp.coder`: :class:`Coder` and :class:`EventMention`; its docstring documents the rules.
"""

from __future__ import annotations

from tasks.nlp.coder import (
    COMPLEMENT_TARGET_ROOTS,
    DEFAULT_TARGET_PREPS,
    NOUN_TARGET_PREPS,
    OBLIGATION_AUX,
    REPORT_VERBS,
    SUBJECT_DEPS,
    Coder,
    EventMention,
    is_passive,
    lemmas_of,
    object_head,
)
from tasks.nlp.lexicon import (
    VERB_DIR,
    WORD_LISTS,
    Pattern,
    VerbDictionary,
    has_class,
    load_verbs,
    noun_inflections,
    parse_patterns,
    singulars,
    verb_classes,
    verb_inflections,
    word_list,
)
from tasks.nlp.status import (
    DENY_HEADS,
    FUTURE_AUX,
    HEDGE_AUX,
    HYPOTHETICAL_HEADS,
    HYPOTHETICAL_MODIFIERS,
    NEGATIONS,
    PLAN_HEADS,
    PLAN_MODIFIERS,
    SCHEDULE_ACL,
    status_of,
    under_claim,
)

__all__ = [
    "COMPLEMENT_TARGET_ROOTS",
    "DEFAULT_TARGET_PREPS",
    "DENY_HEADS",
    "FUTURE_AUX",
    "HEDGE_AUX",
    "HYPOTHETICAL_HEADS",
    "HYPOTHETICAL_MODIFIERS",
    "NEGATIONS",
    "NOUN_TARGET_PREPS",
    "OBLIGATION_AUX",
    "PLAN_HEADS",
    "PLAN_MODIFIERS",
    "REPORT_VERBS",
    "SCHEDULE_ACL",
    "SUBJECT_DEPS",
    "VERB_DIR",
    "WORD_LISTS",
    "Coder",
    "EventMention",
    "Pattern",
    "VerbDictionary",
    "has_class",
    "is_passive",
    "lemmas_of",
    "load_verbs",
    "noun_inflections",
    "object_head",
    "parse_patterns",
    "singulars",
    "status_of",
    "under_claim",
    "verb_classes",
    "verb_inflections",
    "word_list",
]
