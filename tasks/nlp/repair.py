"""Repairs of known, systematic parse errors of the small English model, before actors and events are read.

Five rules, run by the ``newsevents_parse_repair`` component:

- **a verb tagged as a plural noun before an infinitive.** In "Moscow denies any bellicose intention and
  claims to be threatened by provocations", ``en_core_web_sm`` reads "claims" as a noun coordinated with
  "intention" and hangs "to be threatened" on "denies", so the threat looked denied and had no threatened
  party. When a token is the -s form of a verb that takes an infinitive (``infinitive`` in
  ``tasks/data/verbs/verb_classes.tsv``), is tagged as a noun, is a bare conjunct (no determiner or
  modifier of its own), is followed by "to" + a base-form verb (or "to be" + participle), and the first
  conjunct belongs to the clause of a third-person present verb with a subject ("denies"), the token is
  re-read as a verb coordinated with that verb, with the infinitive as its complement, and the first
  conjunct becomes that verb's object.
  Agreement (both verbs in the -s form) is what makes the verb reading the likely one. The same holds when
  the token is tagged as a verb but hangs as a conjunct of the object noun ("denies the reports and plans
  to invade").
- **"with" read as the mark of an infinitive.** In "the doctors pleaded with the administration to
  reconsider", the model makes "with" the mark of the infinitive (or a preposition whose object is the
  infinitive clause) and its noun the infinitive's subject, as if it were "for X to do": the verb loses its
  "with" phrase, so "plead with X" coded nothing. English has no "with X to do" clause, so when "with" is
  the mark (or the preposition) of a to-infinitive whose subject follows it directly, "with" is re-read as
  a preposition of the verb above, the noun as its object, and the infinitive as that verb's complement.
- **a particle read as a preposition.** In "the opposition called off the rally planned for Sunday" the model
  tags "off" as a particle (``prt``) yet hangs "the rally" on it as its object (``pobj``), so the verb had no
  object and "call off" + "rally" matched nothing. A particle has no object of its own: when a ``prt`` has a
  ``pobj`` and its verb has no direct object, the noun is re-read as the verb's direct object.
- **a past-tense verb between two names read as an adjective.** In "Over the weekend, Trump assailed
  Williams as part of ..." the model reads "Trump assailed Williams" as one name with "assailed" an
  adjective (``amod``) of "Williams" (10 of 24 common event verbs after "Trump", checked), so the sentence has
  no verb and the criticism coded nothing. When a past form (VBD/VBN) that the verb dictionary knows is the
  ``amod`` of a proper noun that follows it, comes right after a proper noun, and has no verb or auxiliary
  above it, it is re-read as the clause's verb: the sentence's root, the name before it its subject and the
  name after it its object. The old root's adverbials and punctuation move to the verb. "the Trump-appointed
  judge" (a hyphen before the participle) and "a Russia-based company" (a common noun after it) are left.
- **a hyphenated word the parser took apart.** The tokenizer splits "co-founder" into "co", "-",
  "founder", and the model often hangs the pieces on different words: in "an allegation made against
  Wikileaks co-founder Julian Assange", "Wikileaks", "co" and "-" were three objects of "against" and
  "founder" a compound of "Assange", so the title lost its owner and Assange was coded as a company's man
  of the article's country. When the prefix and the hyphen, written without spaces, hang on one word as an
  argument (object, subject, conjunct ...) and the word after them hangs elsewhere, the prefix and the
  hyphen are re-hung on the word after, and a name or noun before the prefix that hung the same way
  ("Wikileaks") becomes that word's compound. A word parsed whole ("anti-drug campaign", every piece on
  "campaign") is left.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

NOUN_TAGS = frozenset({"NNS", "NN"})
OWN_MODIFIERS = frozenset({"det", "poss", "amod", "compound", "nummod", "nmod"})


@lru_cache(maxsize=1)
def _infinitive_s_forms() -> frozenset[str]:
    from tasks.nlp.events import verb_classes

    return frozenset(
        f for f, classes in verb_classes().items() if "infinitive" in classes and f.endswith("s")
    )


@lru_cache(maxsize=1)
def _infinitive_s_form_ids() -> frozenset[int]:
    from spacy.strings import get_string_id

    return frozenset(get_string_id(f) for f in _infinitive_s_forms())


def repair_verbs_tagged_as_nouns(doc: Any) -> int:
    """Apply the rule above to ``doc`` in place; return how many tokens were repaired."""
    from spacy.attrs import LOWER

    ids = _infinitive_s_form_ids()
    n = 0
    last = len(doc) - 1
    for i, lower in enumerate(doc.to_array(LOWER).tolist()):  # no Token object for the other tokens
        if lower not in ids or i >= last:
            continue
        tok = doc[i]
        if tok.dep_ != "conj":
            continue
        if tok.tag_ not in NOUN_TAGS and not (tok.tag_ == "VBZ" and tok.head.pos_ in ("NOUN", "PROPN")):
            continue
        if _repair(doc, tok):
            n += 1
    return n


def repair_with_marking_an_infinitive(doc: Any) -> int:
    """Apply the second rule above to ``doc`` in place; return how many clauses were repaired."""
    from spacy.attrs import DEP, LOWER
    from spacy.strings import get_string_id

    with_id, mark_id, prep_id = get_string_id("with"), get_string_id("mark"), get_string_id("prep")
    lowers, deps = doc.to_array([LOWER, DEP]).T.tolist()
    n = 0
    for i, (lower, dep) in enumerate(zip(lowers, deps, strict=True)):
        if lower != with_id or dep not in (mark_id, prep_id):
            continue
        w = doc[i]
        if dep == mark_id:  # "with" the infinitive's mark
            clause, above = w.head, w.head.head
        else:  # "with" a preposition whose object is the infinitive clause ("pcomp")
            clause = next((c for c in w.children if c.dep_ == "pcomp"), None)
            above = w.head
            if clause is None:
                continue
        if clause.tag_ != "VB" or clause == above or above.pos_ not in ("VERB", "AUX") or above.i > w.i:
            continue
        subj = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        to = next((c for c in clause.children if c.dep_ == "aux" and c.tag_ == "TO"), None)
        if subj is None or to is None or subj.left_edge.i != w.i + 1 or not subj.i < to.i < clause.i:
            continue
        w.head, w.dep_ = above, "prep"
        subj.head, subj.dep_ = w, "pobj"
        clause.head, clause.dep_ = above, "xcomp"
        n += 1
    return n


def repair_particle_objects(doc: Any) -> int:
    """Apply the third rule above to ``doc`` in place; return how many objects were re-hung."""
    from spacy.attrs import DEP
    from spacy.strings import get_string_id

    prt_id = get_string_id("prt")
    n = 0
    for i, dep in enumerate(doc.to_array(DEP).tolist()):
        if dep != prt_id:
            continue
        prt = doc[i]
        verb = prt.head
        obj = next((c for c in prt.children if c.dep_ == "pobj"), None)
        if obj is None or verb.pos_ not in ("VERB", "AUX") or verb.i > prt.i:
            continue
        if any(c.dep_ in ("dobj", "obj") for c in verb.children):
            continue
        obj.head, obj.dep_ = verb, "dobj"
        n += 1
    return n


CLAUSE_DEPS = frozenset({"prep", "punct", "advmod", "advcl", "npadvmod", "mark", "dep"})


def repair_names_around_a_verb(doc: Any) -> int:
    """Apply the fourth rule above to ``doc`` in place; return how many verbs were restored."""
    from spacy.attrs import DEP
    from spacy.strings import get_string_id

    from tasks.nlp.lexicon import load_verbs

    forms = load_verbs().verb_forms
    amod_id = get_string_id("amod")
    n = 0
    for i, dep in enumerate(doc.to_array(DEP).tolist()):
        if dep != amod_id or i == 0:
            continue
        verb, subj = doc[i], doc[i - 1]
        obj = verb.head
        if verb.tag_ not in ("VBD", "VBN") or verb.lower_ not in forms:
            continue
        if subj.pos_ != "PROPN" or obj.pos_ != "PROPN" or obj.i <= verb.i or subj.sent != verb.sent:
            continue
        if any(a.pos_ in ("VERB", "AUX") for a in verb.ancestors):
            continue  # a participle inside a clause that has its verb
        root = verb.sent.root
        moved = (
            [c for c in root.children if c.dep_ in CLAUSE_DEPS and c.lower_ != "of"]
            if root in (subj, obj)
            else []
        )
        verb.head, verb.dep_ = verb, "ROOT"
        if root not in (subj, obj):  # "Over the weekend, ..." read as the root: a modifier of the verb
            root.head, root.dep_ = verb, "prep" if root.pos_ == "ADP" else "dep"
        subj.head, subj.dep_ = verb, "nsubj"
        obj.head, obj.dep_ = verb, "dobj"
        for c in moved:
            c.head = verb
        verb.tag_, verb.pos_ = "VBD", "VERB"
        n += 1
    return n


ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "attr", "appos", "conj", "acomp"})


def repair_split_hyphenated_words(doc: Any) -> int:
    """Apply the fifth rule above to ``doc`` in place; return how many words were joined back."""
    from spacy.attrs import ORTH
    from spacy.strings import get_string_id

    hyphen_id = get_string_id("-")
    n = 0
    for i, orth in enumerate(doc.to_array(ORTH).tolist()):
        if orth != hyphen_id or i == 0 or i + 1 >= len(doc):
            continue
        hy = doc[i]
        if hy.whitespace_:
            continue
        pre, post = doc[hy.i - 1], doc[hy.i + 1]
        if pre.whitespace_ or not (pre.is_alpha and post.is_alpha) or pre.sent != post.sent:
            continue
        head, dep = pre.head, pre.dep_
        if head in (pre, post) or hy.head != head or post.head in (head, pre):
            continue  # a word parsed whole ("anti-drug campaign": all three on "campaign") or inside out
        if dep not in ARGUMENT_DEPS or post.pos_ not in ("NOUN", "PROPN", "ADJ"):
            continue
        above_post = set(post.ancestors)
        if pre in above_post or hy in above_post:
            continue  # re-hanging them on "post" would make a cycle
        before = doc[pre.i - 1] if pre.i > pre.sent.start else None
        pre.head, pre.dep_ = post, "compound"
        hy.head, hy.dep_ = post, "punct"
        if (
            before is not None
            and before.head == head
            and before.dep_ == dep
            and before.pos_ in ("PROPN", "NOUN")
            and before not in above_post
        ):
            before.head, before.dep_ = post, "compound"  # "Wikileaks co-founder": the name owns the title
        n += 1
    return n


def _repair(doc: Any, noun: Any) -> bool:
    to = doc[noun.i + 1]
    if to.lower_ != "to" or to.tag_ != "TO":
        return False
    verb = to.head
    passive_infinitive = verb.tag_ == "VBN" and any(
        c.dep_ == "auxpass" and c.lower_ == "be" and c.i > to.i for c in verb.children
    )
    if verb.i <= to.i or not (verb.tag_ == "VB" or passive_infinitive) or verb.pos_ not in ("VERB", "AUX"):
        return False
    if any(c.dep_ in OWN_MODIFIERS for c in noun.children):
        return False
    first = noun.head
    # The verb of the first conjunct's clause, skipping the infinitive the parser hung it on.
    clause_verb = None
    tok = first
    for _ in range(6):
        if tok.head == tok:
            break
        tok = tok.head
        if tok == verb:
            continue
        if tok.pos_ in ("VERB", "AUX"):
            clause_verb = tok
            break
    if clause_verb is None or clause_verb.tag_ != "VBZ" or clause_verb.i > noun.i:
        return False
    if not any(c.dep_ == "nsubj" for c in clause_verb.children):
        return False
    if verb.is_ancestor(clause_verb) or noun.is_ancestor(clause_verb):
        return False  # re-hanging would make a cycle
    noun.head = clause_verb
    noun.dep_ = "conj"
    noun.tag_ = "VBZ"
    noun.pos_ = "VERB"
    if first.head == verb and first.dep_ in ("nsubj", "nsubjpass"):
        first.head = clause_verb
        first.dep_ = "dobj"
    for c in list(first.children):
        if c.dep_ == "cc" and first.i < c.i < noun.i:
            c.head = clause_verb
    verb.head = noun
    verb.dep_ = "xcomp"
    return True
