"""Parse repairs on hand-built parses (no model): a verb read as a plural noun before its infinitive, "with"
read as the mark of an infinitive, a particle given an object, a verb between two names read as an
adjective, a hyphenated word whose pieces hang apart."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from tasks.nlp.repair import (
    repair_names_around_a_verb,
    repair_particle_objects,
    repair_split_hyphenated_words,
    repair_verbs_tagged_as_nouns,
    repair_with_marking_an_infinitive,
)

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


# "Doctors pleaded with the government to reconsider ." as en_core_web_sm parses it in two ways: "with" the
# mark of the infinitive, or a preposition whose object (pcomp) is the infinitive; "government" its subject.
PLEAD_WORDS = ["Doctors", "pleaded", "with", "the", "government", "to", "reconsider", "."]
PLEAD_TAGS = ["NNS", "VBD", "IN", "DT", "NN", "TO", "VB", "."]
PLEAD_POS = ["NOUN", "VERB", "ADP", "DET", "NOUN", "PART", "VERB", "PUNCT"]
PLEAD_PARSES = {
    "mark": ([1, 1, 6, 4, 6, 6, 1, 1], ["nsubj", "ROOT", "mark", "det", "nsubj", "aux", "advcl", "punct"]),
    "pcomp": ([1, 1, 1, 4, 6, 6, 2, 1], ["nsubj", "ROOT", "prep", "det", "nsubj", "aux", "pcomp", "punct"]),
}


@pytest.mark.parametrize("parse", sorted(PLEAD_PARSES))
def test_nlp_repair_with_becomes_the_verbs_preposition(parse: str) -> None:
    heads, deps = PLEAD_PARSES[parse]
    doc = Doc(VOCAB, words=PLEAD_WORDS, heads=heads, deps=deps, tags=PLEAD_TAGS, pos=PLEAD_POS)
    assert repair_with_marking_an_infinitive(doc) == 1
    with_, government, reconsider = doc[2], doc[4], doc[6]
    assert (with_.dep_, with_.head.i) == ("prep", 1)
    assert (government.dep_, government.head.i) == ("pobj", 2)
    assert (reconsider.dep_, reconsider.head.i) == ("xcomp", 1)
    assert len(list(doc.sents)) == 1


def test_nlp_repair_leaves_an_absolute_with_clause_alone() -> None:
    # "With elections to be held , officials met ." : "with" opens the sentence, before its verb
    words = ["With", "elections", "to", "be", "held", ",", "officials", "met", "."]
    heads = [4, 4, 4, 4, 7, 7, 7, 7, 7]
    deps = ["mark", "nsubjpass", "aux", "auxpass", "advcl", "punct", "nsubj", "ROOT", "punct"]
    tags = ["IN", "NNS", "TO", "VB", "VBN", ",", "NNS", "VBD", "."]
    pos = ["ADP", "NOUN", "PART", "AUX", "VERB", "PUNCT", "NOUN", "VERB", "PUNCT"]
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, tags=tags, pos=pos)
    before = [(t.head.i, t.dep_) for t in doc]
    assert repair_with_marking_an_infinitive(doc) == 0
    assert [(t.head.i, t.dep_) for t in doc] == before


# "The opposition called off the rally ." as en_core_web_sm parses it: "off" a particle, "rally" its object.
OFF_WORDS = ["The", "opposition", "called", "off", "the", "rally", "."]
OFF_TAGS = ["DT", "NN", "VBD", "RP", "DT", "NN", "."]
OFF_POS = ["DET", "NOUN", "VERB", "ADP", "DET", "NOUN", "PUNCT"]
OFF_DEPS = ["det", "nsubj", "ROOT", "prt", "det", "pobj", "punct"]


def test_nlp_repair_a_particles_object_becomes_the_verbs() -> None:
    doc = Doc(VOCAB, words=OFF_WORDS, heads=[1, 2, 2, 2, 5, 3, 2], deps=OFF_DEPS, tags=OFF_TAGS, pos=OFF_POS)
    assert repair_particle_objects(doc) == 1
    rally, off = doc[5], doc[3]
    assert (rally.dep_, rally.head.i) == ("dobj", 2)
    assert (off.dep_, off.head.i) == ("prt", 2)
    assert len(list(doc.sents)) == 1


def test_nlp_repair_leaves_a_particle_alone_when_the_verb_has_its_object() -> None:
    # "The opposition called the rally off ." read with a stray pobj: the verb's own object stays the object
    words = ["The", "opposition", "called", "the", "rally", "off", "it", "."]
    heads = [1, 2, 2, 4, 2, 2, 5, 2]
    deps = ["det", "nsubj", "ROOT", "det", "dobj", "prt", "pobj", "punct"]
    tags = ["DT", "NN", "VBD", "DT", "NN", "RP", "PRP", "."]
    pos = ["DET", "NOUN", "VERB", "DET", "NOUN", "ADP", "PRON", "PUNCT"]
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, tags=tags, pos=pos)
    before = [(t.head.i, t.dep_) for t in doc]
    assert repair_particle_objects(doc) == 0
    assert [(t.head.i, t.dep_) for t in doc] == before


# "Over the weekend , Trump assailed Williams as part of it ." as en_core_web_sm parses it: one noun phrase
# headed by "Williams" (the root), "Trump" its modifier and "assailed" its adjective.
NAME_WORDS = ["Over", "the", "weekend", ",", "Trump", "assailed", "Williams", "as", "part", "of", "it", "."]
NAME_HEADS = [6, 2, 0, 6, 6, 6, 6, 6, 7, 8, 9, 6]
NAME_DEPS = ["prep", "det", "pobj", "punct", "nmod", "amod", "ROOT", "prep", "pobj", "prep", "pobj", "punct"]
NAME_TAGS = ["IN", "DT", "NN", ",", "NNP", "VBN", "NNP", "IN", "NN", "IN", "PRP", "."]
NAME_POS = ["ADP", "DET", "NOUN", "PUNCT", "PROPN", "VERB", "PROPN", "ADP", "NOUN", "ADP", "PRON", "PUNCT"]


def test_nlp_repair_a_verb_read_as_an_adjective_between_two_names_is_the_verb() -> None:
    doc = Doc(VOCAB, words=NAME_WORDS, heads=NAME_HEADS, deps=NAME_DEPS, tags=NAME_TAGS, pos=NAME_POS)
    assert repair_names_around_a_verb(doc) == 1
    trump, assailed, williams = doc[4], doc[5], doc[6]
    assert (assailed.dep_, assailed.head.i, assailed.tag_) == ("ROOT", 5, "VBD")
    assert (trump.dep_, trump.head.i) == ("nsubj", 5)
    assert (williams.dep_, williams.head.i) == ("dobj", 5)
    assert doc[0].head.i == 5 and doc[7].head.i == 5 and doc[11].head.i == 5  # the clause's adverbials
    assert len(list(doc.sents)) == 1
    assert all(t.i == 5 or 5 in [a.i for a in t.ancestors] for t in doc)


@pytest.mark.parametrize(
    "change",
    [
        {"words": [*NAME_WORDS[:5], "slept", *NAME_WORDS[6:]]},  # not a verb of the dictionary
        {"pos": [*NAME_POS[:6], "NOUN", *NAME_POS[7:]]},  # "Trump assailed workers": a common noun after it
        {"pos": [*NAME_POS[:4], "PUNCT", *NAME_POS[5:]]},  # "the Trump-appointed judge": no name before it
    ],
)
def test_nlp_repair_leaves_other_adjectival_participles_alone(change: dict[str, list[str]]) -> None:
    parts = {"words": NAME_WORDS, "pos": NAME_POS, **change}
    doc = Doc(VOCAB, words=parts["words"], heads=NAME_HEADS, deps=NAME_DEPS, tags=NAME_TAGS, pos=parts["pos"])
    before = [(t.head.i, t.dep_) for t in doc]
    assert repair_names_around_a_verb(doc) == 0
    assert [(t.head.i, t.dep_) for t in doc] == before


def test_nlp_repair_an_adposition_read_as_the_root_becomes_the_verbs_modifier() -> None:
    # "Over the weekend , Trump assailed Williams ." with "Over" as the root and the name a loose dependent
    words = ["Over", "the", "weekend", ",", "Trump", "assailed", "Williams", "."]
    heads = [0, 2, 0, 0, 6, 6, 0, 0]
    deps = ["ROOT", "det", "pobj", "punct", "nmod", "amod", "dep", "punct"]
    tags = ["IN", "DT", "NN", ",", "NNP", "VBN", "NNP", "."]
    pos = ["ADP", "DET", "NOUN", "PUNCT", "PROPN", "VERB", "PROPN", "PUNCT"]
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps, tags=tags, pos=pos)
    assert repair_names_around_a_verb(doc) == 1
    over, assailed = doc[0], doc[5]
    assert (assailed.dep_, assailed.head.i) == ("ROOT", 5)
    assert (over.dep_, over.head.i) == ("prep", 5)  # no second ROOT label
    assert [t.i for t in doc if t.dep_ == "ROOT"] == [5]
    assert len(list(doc.sents)) == 1


# "Prosecutors dropped an allegation against Wikileaks co-founder Julian Assange ." as en_core_web_sm parses
# it: "Wikileaks", "co" and "-" three objects of "against", "founder" a compound of "Assange".
HYPH_WORDS = [
    "Prosecutors", "dropped", "an", "allegation", "against", "Wikileaks", "co", "-", "founder", "Julian",
    "Assange", ".",
]  # fmt: skip
HYPH_SPACES = [True, True, True, True, True, True, False, False, True, True, False, False]
HYPH_HEADS = [1, 1, 3, 1, 3, 4, 4, 4, 10, 10, 4, 1]
HYPH_DEPS = ["nsubj", "ROOT", "det", "dobj", "prep", "pobj", "pobj", "pobj", "compound", "compound", "pobj",
             "punct"]  # fmt: skip
HYPH_TAGS = ["NNS", "VBD", "DT", "NN", "IN", "NNP", "NN", "HYPH", "NN", "NNP", "NNP", "."]
HYPH_POS = ["NOUN", "VERB", "DET", "NOUN", "ADP", "PROPN", "NOUN", "PUNCT", "NOUN", "PROPN", "PROPN", "PUNCT"]


def _hyph(**change: list) -> Doc:  # type: ignore[type-arg]
    parts = {"words": HYPH_WORDS, "spaces": HYPH_SPACES, "heads": HYPH_HEADS, "deps": HYPH_DEPS, **change}
    return Doc(VOCAB, tags=HYPH_TAGS, pos=HYPH_POS, **parts)


def test_nlp_repair_a_split_hyphenated_title_is_joined_with_its_owner() -> None:
    doc = _hyph()
    assert repair_split_hyphenated_words(doc) == 1
    wikileaks, co, hyphen, founder, assange = doc[5], doc[6], doc[7], doc[8], doc[10]
    assert (co.dep_, co.head.i) == ("compound", 8)
    assert (hyphen.dep_, hyphen.head.i) == ("punct", 8)
    assert (wikileaks.dep_, wikileaks.head.i) == ("compound", 8)  # the name owns the title again
    assert (founder.head.i, assange.dep_, assange.head.i) == (10, "pobj", 4)
    assert len(list(doc.sents)) == 1
    assert all(t.i == 1 or 1 in [a.i for a in t.ancestors] for t in doc)


@pytest.mark.parametrize(
    "change",
    [
        {"spaces": [True] * 12},  # "co - founder": a dash between words, not a hyphenated word
        {"heads": [1, 1, 3, 1, 3, 4, 8, 8, 10, 10, 4, 1]},  # the pieces already hang on "founder"
        {"heads": [1, 1, 3, 1, 3, 4, 4, 4, 4, 10, 4, 1]},  # "founder" hangs where they do: a flat word
    ],
)
def test_nlp_repair_leaves_whole_or_spaced_hyphenated_words_alone(change: dict[str, list]) -> None:  # type: ignore[type-arg]
    doc = _hyph(**change)
    before = [(t.head.i, t.dep_) for t in doc]
    assert repair_split_hyphenated_words(doc) == 0
    assert [(t.head.i, t.dep_) for t in doc] == before
