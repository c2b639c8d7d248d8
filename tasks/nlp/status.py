"""Event status: occurred, planned, hypothetical, negated or denied, read from the predicate's clause.

Auxiliaries, negation and governing words decide it (rules in :mod:`tasks.nlp.coder`'s docstring); the word
sets come from ``tasks/data/verbs/word_lists.json`` and the verb classes (refuse, appeal, claim) from
``verb_classes.tsv``, both through :mod:`tasks.nlp.lexicon`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tasks.nlp.lexicon import has_class, irregular_lemmas, singulars, word_list

FUTURE_AUX = word_list("future_aux")
HEDGE_AUX = word_list("hedge_aux")
NEGATIONS = word_list("negations")
PLAN_HEADS = word_list("plan_heads")
HYPOTHETICAL_HEADS = word_list("hypothetical_heads")
OBLIGATION_HEADS = word_list("obligation_heads")
UNCERTAIN_AUX = word_list("uncertain_aux")
HYPOTHETICAL_NOUNS = word_list("hypothetical_nouns")
PROSPECT_NOUNS = word_list("prospect_nouns")
ROUTE_NOUNS = word_list("route_nouns")
ROUTE_PREPS = frozenset({"for", "to", "toward", "towards"})
HABITUAL_ADVERBS = word_list("habitual_adverbs")
DENY_HEADS = word_list("deny_heads")
PLAN_MODIFIERS = word_list("plan_modifiers")
HYPOTHETICAL_MODIFIERS = word_list("hypothetical_modifiers")
SCHEDULE_ACL = word_list("schedule_acl")


def _children(tok: Any, deps: Iterable[str]) -> list[Any]:
    deps = set(deps)
    return [c for c in tok.children if c.dep_ in deps]


def _word_in(tok: Any, words: frozenset[str] | set[str]) -> bool:
    """Whether ``tok`` is one of ``words`` in some inflection (plans, planned, planning → plan; sought →
    seek)."""
    low = tok.lower_
    if low in words or (tok.lemma_ and tok.lemma_.lower() in words) or irregular_lemmas().get(low) in words:
        return True
    stems = {low[:-1], low[:-2], low[:-3], low[:-2] + "e" if low.endswith("ed") else "", low[:-3] + "e"}
    if low.endswith("ned") or low.endswith("ning"):
        stems.add(low[:-3] if low.endswith("ned") else low[:-4])
    return bool(stems & set(words))


def under_claim(v: Any) -> bool:
    """The predicate is the content of a claim: "claims to be threatened", "alleged that X attacked"."""
    tok = v
    for _ in range(3):
        head = tok.head
        if head == tok:
            return False
        if tok.dep_ in ("xcomp", "ccomp"):
            return has_class(head, "claim")
        if tok.dep_ != "conj":
            return False
        tok = head
    return False


def _aux_words(v: Any) -> set[str]:
    return {c.lower_ for c in v.children if c.dep_ in ("aux", "auxpass")}


def _has_neg(v: Any) -> bool:
    """Negation on the predicate ("did not attack", "never met") or on its subject ("Neither the House nor
    the Senate have provided", "No country recognised")."""
    if any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ("never", "not")) for c in v.children):
        return True
    return any(
        g.dep_ in ("preconj", "det") and g.lower_ in ("neither", "no")
        for c in v.children
        if c.dep_ in ("nsubj", "nsubjpass")
        for g in c.children
    )


def _has_own_date(v: Any) -> bool:
    """A date expression attached to the predicate ("take place on January 12", "on January 13 by ...")."""
    for c in v.children:
        if c.ent_type_ == "DATE" and c.dep_ in ("npadvmod", "tmod", "obl"):
            return True
        if c.dep_ == "prep" and any(p.ent_type_ == "DATE" for p in c.children if p.dep_ == "pobj"):
            return True
    return False


def status_of(v: Any, nominal: Any | None = None) -> str:
    """occurred | planned | hypothetical | negated | denied for predicate ``v`` (a verb or an event noun)."""
    if v.pos_ in ("NOUN", "PROPN"):
        return _noun_status(v)
    found = _verb_status(v)
    if found == "occurred" and nominal is not None:
        mods = {c.lower_ for c in nominal.children if c.dep_ in ("amod", "compound")}
        if mods & PLAN_MODIFIERS - {"new"}:
            return "planned"
    return found


def _verb_status(v: Any, depth: int = 0) -> str:
    if _has_neg(v):
        return "hypothetical" if _aux_words(v) & UNCERTAIN_AUX else "negated"  # "might not have agreed"
    if v.tag_ in ("VBZ", "VBP") and any(
        c.dep_ == "advmod" and c.lower_ in HABITUAL_ADVERBS for c in v.children
    ):
        return "hypothetical"  # a practice, not an event: "typically requires payment within 10 days"
    head = v.head
    if v.dep_ in ("ccomp", "xcomp", "pcomp") and head != v:
        gov = head.head if v.dep_ == "pcomp" else head
        if gov.lower_ in DENY_HEADS or gov.lemma_ in ("deny", "refute"):
            return "denied"
    dep = v.dep_
    if dep == "pobj" and v.tag_ == "VB" and head.lower_ == "to" and head.head != head:
        # "pleaded guilty to threatening to assault": "to" parsed as a preposition, "assault" as its object;
        # it is the infinitive of the verb above
        head, dep = head.head, "xcomp"
    aux = _aux_words(v) | ({"to"} if dep != v.dep_ else set())
    marks = {c.lower_ for c in v.children if c.dep_ == "mark"}
    if v.dep_ in ("acl", "ccomp") and head.pos_ == "NOUN" and singulars(head.lower_) & HYPOTHETICAL_NOUNS:
        return "hypothetical"  # "for fear that he will demand more", "fears that Russia will invade"
    if marks & {"if", "unless", "whether"}:
        return "hypothetical"  # before the future: "whether Trump will agree" is no plan
    if aux & FUTURE_AUX or ("going" in aux):
        return "planned"
    if aux & HEDGE_AUX:
        return "planned" if _has_own_date(v) else "hypothetical"
    if v.dep_ == "pcomp" and head.head != head and has_class(head.head, "refuse"):
        return "negated"  # "refrained from attacking"
    if head != v and depth < 3:
        if v.dep_ == "ccomp" and v.tag_ == "VB" and not aux and head.pos_ in ("VERB", "AUX"):
            # a bare infinitive shares its governor's clause: "would like to see China agree" (a wish),
            # "did not let them enter" (it did not happen), "saw troops enter the town" (it did)
            return _verb_status(head, depth + 1)
        if dep in ("xcomp",) or (dep in ("advcl", "ccomp") and "to" in aux):
            # an infinitive ("refused to allow X to land": "land" is an infinitival ccomp of "allow")
            if dep != "advcl" and has_class(head, "refuse"):
                return "negated"  # "refused to meet", "failed to agree": it did not happen
            if dep != "advcl" and has_class(head, "appeal"):
                return "hypothetical"  # "urged Russia to withdraw": asked for, not done
            if has_class(head, "aim"):
                return "hypothetical"  # "trained rebels to fight", "recruited fighters to attack"
            if _word_in(head, PLAN_HEADS):
                if _has_neg(head):
                    return "negated"
                return "planned"
            if _word_in(head, HYPOTHETICAL_HEADS):
                return "hypothetical"
            if dep in ("xcomp", "advcl") and head.lower_ in OBLIGATION_HEADS and "to" in aux:
                # "is going to have to make a deal", "needed to investigate" (parsed advcl too): asked for
                return "hypothetical"
            if head.pos_ == "ADJ" and head.head != head:
                return _verb_status(head.head, depth + 1) if head.head.lower_ not in PLAN_HEADS else "planned"
            return _verb_status(head, depth + 1)
        if v.dep_ == "conj" and not aux and not _children(v, ("nsubj", "nsubjpass")):
            # a conjunct without its own subject or auxiliary shares its first conjunct's clause
            inherited = _verb_status(head, depth + 1)
            if inherited in ("planned", "hypothetical"):
                return "planned" if inherited == "hypothetical" and _has_own_date(v) else inherited
            if inherited == "denied":
                return "denied"  # "denied attacking and shelling"; the deny verb's own conjuncts are not
            if inherited == "negated" and v.tag_ == "VB":
                return "negated"  # "did not attack or kill", "refused to land and evacuate": shared auxiliary
    return "occurred"


def _prospect(prep: Any) -> bool:
    """The preposition ``prep`` names what may come: "of"/"for"/"to" after a prospect noun ("the risk of
    clashes", ``prospect_nouns``), "for"/"to" after a route noun ("the way for talks", ``route_nouns``) or
    after a verb whose object is one ("opened the door to negotiations": the parser hangs the phrase on the
    verb)."""
    h, word = prep.head, prep.lower_
    if word not in ROUTE_PREPS and word != "of":
        return False
    if h.pos_ == "NOUN":
        nouns = singulars(h.lower_)
        return bool(nouns & PROSPECT_NOUNS) or (word in ROUTE_PREPS and bool(nouns & ROUTE_NOUNS))
    return (
        word in ROUTE_PREPS
        and h.pos_ == "VERB"
        and any(c.dep_ == "dobj" and singulars(c.lower_) & ROUTE_NOUNS for c in h.children)
    )


def _noun_status(n: Any) -> str:
    if any(c.dep_ == "det" and c.lower_ == "no" for c in n.children):
        return "negated"
    mods = {c.lower_ for c in n.children if c.dep_ in ("amod", "compound", "nmod")}
    if mods & (PLAN_MODIFIERS - {"new"}):
        return "planned"
    if mods & HYPOTHETICAL_MODIFIERS:
        return "hypothetical"
    for c in n.children:
        if c.dep_ in ("acl", "relcl") and c.lower_ in SCHEDULE_ACL:
            return "planned"
    # the clause the noun sits in: "talks will be held", "a meeting could take place on January 12"
    tok = n
    object_path = False  # the noun is (inside) the object of the clause's verb
    for _ in range(4):
        head = tok.head
        if head == tok:
            break
        if tok.dep_ in ("nsubj", "nsubjpass", "dobj", "attr", "conj", "appos") and head.pos_ in (
            "VERB",
            "AUX",
        ):
            if tok.dep_ == "nsubjpass" and _word_in(head, SCHEDULE_ACL | {"plan", "propose", "announce"}):
                return "negated" if _has_neg(head) else "planned"  # "a meeting is scheduled/planned"
            status = _verb_status(head)
            if status == "negated" and (object_path or tok.dep_ == "dobj"):
                # "not to lose sight of the occupation of Crimea", "did not condemn the attack": what a
                # negated verb acts on still happened (a light verb's noun is coded with the verb)
                return "occurred"
            return status if status != "denied" else "denied"
        if tok.dep_ == "pobj" and _prospect(head):
            return "hypothetical"  # "paved the way for talks", "the prospect of sanctions": may come
        if tok.dep_ == "pobj" or tok.dep_ in ("prep", "agent"):
            object_path = object_path or tok.dep_ == "pobj"
            tok = head
            continue
        if tok.dep_ == "conj":
            tok = head
            continue
        break
    return "occurred"
