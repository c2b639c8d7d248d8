"""Parse repairs on hand-built parses (no model): a verb read as a plural noun before its infinitive."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from tasks.nlp.repair import repair_verbs_tagged_as_nouns

# "Moscow denies any intention and claims to be threatened by Kyiv ." as en_core_web_sm parses it:
# "claims" a noun conjunct of "intention", the infinitive a ccomp of "denies" with "intention" its subject.
WORDS = ["Moscow", "denies", "any", "intention", "and", "claims", "to", "be", "threatened", "by", "Kyiv", "."]
HEADS = [1, 1, 3, 8, 3, 3, 8, 8, 1, 8, 9, 1]
DEPS = [
    "nsubj",
    "ROOT",
    "det",
    "nsubjpass",
    "cc",
    "conj",
    "aux",
    "auxpass",
    "ccomp",
    "agent",
    "pobj",
    "punct",
]
TAGS = ["NNP", "VBZ", "DT", "NN", "CC", "NNS", "TO", "VB", "VBN", "IN", "NNP", "."]
POS = ["PROPN", "VERB", "DET", "NOUN", "CCONJ", "NOUN", "PART", "AUX", "VERB", "ADP", "PROPN", "PUNCT"]


VOCAB = spacy.blank("en").vocab  # with the English lexical attributes (lower-case forms)


def make(words: list[str] = WORDS, tags: list[str] = TAGS, heads: list[int] = HEADS) -> Doc:
    return Doc(VOCAB, words=words, heads=heads, deps=DEPS, tags=tags, pos=POS)


def test_nlp_repair_claims_becomes_a_verb_with_the_infinitive() -> None:
    doc = make()
    assert repair_verbs_tagged_as_nouns(doc) == 1
    claims, threatened, intention, and_ = doc[5], doc[8], doc[3], doc[4]
    assert (claims.tag_, claims.pos_, claims.dep_, claims.head.i) == ("VBZ", "VERB", "conj", 1)
    assert (threatened.dep_, threatened.head.i) == ("xcomp", 5)
    assert (intention.dep_, intention.head.i) == ("dobj", 1)
    assert and_.head.i == 1
    assert len(list(doc.sents)) == 1  # still one well-formed sentence
    assert all(t.head.i == 1 or 1 in [a.i for a in t.ancestors] for t in doc if t.i != 1)


@pytest.mark.parametrize(
    "change",
    [
        {"tags": [*TAGS[:1], "VBD", *TAGS[2:]]},  # "denied ... and claims": no agreement, no repair
        {"words": [*WORDS[:5], "chairs", *WORDS[6:]]},  # not a verb that takes an infinitive
    ],
)
def test_nlp_repair_leaves_other_readings_alone(change: dict) -> None:
    doc = make(**change)
    before = [(t.head.i, t.dep_) for t in doc]
    assert repair_verbs_tagged_as_nouns(doc) == 0
    assert [(t.head.i, t.dep_) for t in doc] == before
