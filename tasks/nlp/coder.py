"""Event coding: verb patterns over the dependency parse → CAMEO codes, with actors, status and mentions.

Patterns live in ``tasks/data/verbs/verbs.jsonl`` (format in that folder's ``README.md``). Each names a
lemma (a verb, or a noun for nominal events such as "talks between X and Y"), a CAMEO code, and optional
constraints: a particle (``prt``), a preposition (``prep``) or its object (``pobj``), the direct object's
head (``object``), an infinitive complement (``xcomp``), noun modifiers (``modifier``). The most specific
pattern whose constraints hold wins. ``light`` verbs ("hold talks", "launch an attack") take their code from
the event noun they govern. ``symmetric`` marks reciprocal predicates (meet, negotiate): coordinated actors
("Washington and Moscow will negotiate") become one symmetric event.

Rules, in the order :func:`code_doc` applies them:

- **candidates**: only tokens whose form has a pattern, plus verbs governing a complement clause, are
  looked at (read from token arrays: building a spaCy Token object per token was the coder's main cost);
- **source**: the subject; for passives the ``by`` agent (a stative passive without one, "is opposed to",
  keeps its subject); a subject-less infinitive, gerund or coordinated verb takes its controller's
  subject: the object for object-control verbs ("urged Russia to withdraw"), else the subject
  (``verb_classes.tsv``); relative pronouns take the noun they modify;
- **target**: for passives the passive subject, or the controller's subject for a passive infinitive
  ("Moscow claims to be threatened by Kyiv": Kyiv threatens Moscow); else the direct object, a target
  preposition's object, or the subject of a demanded/urged complement clause ("demands that the Alliance
  undertake", "reiterated its demand that Israel ease"); an object that is no actor gives its owner or its
  with/from/of/on/against object ("rejected North Korea's demand", "restore ties with Libya"); a threat,
  refusal or offer with no target of its own takes the target of the act it names ("threatened to attack
  U.S. bases", ``ACT_TARGET_ROOTS``) or the subject of its condition ("unless Israel rescinded"); a
  protest, the actor its demand names; a participle clause takes the main clause's subject ("...,
  arresting 210 people"); two people of one body with different surnames can be source and target;
  a pattern's ``undergoer`` makes the subject the target of that role's act ("Webb faces charges": the
  judiciary's), its ``addressee`` is the target when none is named ("pleaded guilty to charges": the
  court), and ``needs_target`` drops the event when no target is found (a generic offer, an
  investigation, a confiscation); an event noun in a "during"/"at" phrase with a "with" party is the
  clause subject's ("announced the deal during a meeting with Liu He");
- **relevance** (:mod:`tasks.nlp.relevance`): political actors only, no sport; consult, cooperate, aid,
  criticise and plain statements need a target (``directed_roots``, ``directed_codes``); an act coded with
  and without its target in one sentence is one event;
- **reported demands**: "X said/reiterated that Y must Z" and "X issued a reminder to Y that it must Z" are
  X demands (100) of Y, CAMEO's convention;
- **status** (:func:`status_of`), per clause: negated (not/never; complements of refuse/fail/decline/
  refrain), denied (complement of deny), planned (will, shall, going to, scheduled/set/planned to,
  plan/intend/want/ready to, "planned talks"), hypothetical (could, may, might, would, can, should,
  if-clauses; complements of urge/ask/call on). A hedged event with its own date ("could take place on
  January 12") is planned: the date shows a schedule. A coordinated verb shares its first conjunct's
  status only when it has no subject or auxiliary of its own ("denied attacking and shelling"; "did not
  attack or kill"), so the deny verb's own conjuncts ("denies X and claims Y") are not denied; a question
  asserts nothing (hypothetical, also "are they going to be indicted?"); an infinitive hung on a noun is
  an aim, not an event ("a need for Ukraine to launch investigations");
- **intent**: a planned consultation, cooperation, aid or concession is CAMEO's "express intent to"
  (root 03, ``tasks/data/cameo/intent_codes.tsv``): "will support Turkey's bid" is 032, "talks are
  scheduled for Monday" 036; the status still says planned;
- **confidence**: 0.5, plus 0.2 for a source from the dictionary or the article's context (0.1 by role,
  coreference or an unplaced "ethnic" people), 0.15 with a target, 0.1 for a verb (not a noun), minus 0.15
  when not occurred, minus 0.1 for the content of a claim ("claims to be threatened");
- unresolved sources are kept in the mention list and dropped when rows are built, unless the
  ``keep_unresolved_source`` option says otherwise.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from tasks.nlp.actors import (
    FIRST_PRONOUNS,
    PERSON_PRONOUNS,
    RELATIVE_PRONOUNS,
    THING_PRONOUNS,
    Actor,
    ActorResolver,
    is_definite,
    window_start,
)
from tasks.nlp.cameo import intent_code
from tasks.nlp.lexicon import (
    Pattern,
    VerbDictionary,
    has_class,
    irregular_verbs,
    singulars,
    verb_inflections,
    word_list,
)
from tasks.nlp.relevance import is_political, is_sport, keep_mention, role_of
from tasks.nlp.status import _aux_words, _children, status_of, under_claim

DEFAULT_TARGET_PREPS = ("with", "against", "on", "upon", "to", "toward", "towards", "at", "into", "over")
PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | FIRST_PRONOUNS
# Prepositions of a gerund clause whose subject is the main clause's subject ("after meeting Xi, Trump ...").
TEMPORAL_PREPS = frozenset(
    {"after", "before", "while", "since", "upon", "by", "without", "despite", "in", "on"}
)
# Prepositions of a verb's object that name the target when the object itself is no actor.
OBJECT_TARGET_PREPS = ("of", "on", "against", "with", "from", "to", "for")
# Roots whose infinitive complement is the act aimed at the target ("threatened to attack X", "offered to
# negotiate with X", "refused to meet X").
ACT_TARGET_ROOTS = ("03", "12", "13")
NOUN_TARGET_PREPS = ("with", "against", "on", "upon", "to", "toward", "towards", "at", "into", "of")
# Verbs that introduce a demand or appeal: their complement clause's subject is the target.
COMPLEMENT_TARGET_ROOTS = ("02", "10", "13", "11")
SUBJECT_DEPS = ("nsubj", "csubj")
REPORT_VERBS = word_list("report_verbs")
OBLIGATION_AUX = word_list("obligation_aux")
_IRREGULAR = irregular_verbs()


def _verb_forms(name: str) -> frozenset[str]:
    """Every inflected form of a word list's verbs (no lemmatizer in the pipeline: forms match as written)."""
    return frozenset(f for lemma in word_list(name) for f in verb_inflections(lemma, _IRREGULAR))


IMPLICIT_JUD_FORMS = _verb_forms("implicit_jud_verbs")
IMPLICIT_COP_FORMS = _verb_forms("implicit_cop_verbs")
STATEMENT_FORMS = _verb_forms("statement_verbs")
# roots of acts addressed to someone: appeal (02), demand (10)
ADDRESSED_ROOTS = frozenset({"02", "10"})
DISAPPROVAL_WORDS = word_list("disapproval_words")
APPEAL_WORDS = word_list("appeal_words")
CLAIM_NOUNS = word_list("claim_nouns")
MESSAGE_NOUNS = word_list("message_nouns")
MESSAGE_PREPS = frozenset({"in", "through", "via", "with"})
SPORT_WORDS = word_list("sport_words")
LIGHT_ONLY_NOUNS = word_list("light_only_nouns")
THREAT_ROOTS = ("15", "16", "17", "18", "19", "20")  # material conflict a speaker may announce


@dataclass(slots=True)
class EventMention:
    """One statement of an event in a sentence (before per-article deduplication)."""

    sent_start: int  # char offsets of the sentence (stripped)
    sent_end: int
    trigger_i: int  # token index of the trigger
    trigger_text: str
    trigger_start: int
    trigger_end: int
    code: str
    source: Actor | None
    target: Actor | None
    symmetric: bool
    status: str
    confidence: float
    nominal: bool = False
    claimed: bool = False  # the content of a claim ("theories suggesting he had been murdered")
    passive: bool = False  # a passive verb: its target is its subject ("a man was stabbed")
    statement: bool = False  # a plain comment (010) the statement rule read from what was said


# Prepositions that place an act inside an event noun's time ("during a meeting with", "at a summit with")
TIME_OF_PREPS = frozenset({"during", "at"})


def _owned(t: Any) -> bool:
    """A by-agent that names its owner in a phrase ("threatened by provocations from Kyiv": Kyiv acts)."""
    return any(c.dep_ == "prep" and c.lower_ in ("from", "of", "by") for c in t.children)


def _individual(a: Actor) -> bool:
    """A person, or private people (civilians): who a court's conviction detains (pattern ``individual``)."""
    return a.person or role_of(a.code) == "CVL"


def _message(noun: Any) -> bool:
    """Whether ``noun`` is a message its author issues (``message_nouns``: "statement", "letters")."""
    return noun.pos_ == "NOUN" and bool(singulars(noun.lower_) & MESSAGE_NOUNS)


def _reciprocal(v: Any) -> bool:
    """Whether the verb's object is "each other" or "one another" (or is owned by them)."""
    obj = object_head(v)
    if obj is None:
        return False
    for t in [obj, *obj.children]:
        if t.lower_ in ("other", "another") and any(c.lower_ in ("each", "one") for c in t.children):
            return True
        if t.lower_ in ("other", "another") and t.i > 0 and t.doc[t.i - 1].lower_ in ("each", "one"):
            return True
    return False


def _locative(t: Any) -> bool:
    """A place where something happens ("a conversation in Warsaw", "take place in United States farm
    country": a modifier of the place too), not what a statement is about."""
    for _ in range(4):
        if t.dep_ not in ("compound", "amod", "nmod", "poss") or t.head == t:
            break
        t = t.head
    return t.dep_ == "pobj" and t.head.lower_ in ("in", "at", "near", "inside", "outside")


def _has_to(comp: Any) -> bool:
    """An obligation said with "have to"/"need to" ("China is going to have to make a deal")."""
    inside = {x.i for x in comp.subtree}
    return any(
        t.lower_ in ("have", "has", "had", "need", "needs")
        and t.i + 1 < len(t.doc)
        and t.doc[t.i + 1].lower_ == "to"
        and t.head.i in inside
        for t in comp.subtree
    )


def _inside_quote(tok: Any, text: str) -> bool:
    """Whether ``tok`` stands inside quotation marks within its sentence (``text``: the document's text, read
    once per document; ``Doc.text`` would join every token again on each call)."""
    before = text[tok.sent.start_char : tok.idx]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def lemmas_of(tok: Any, forms: dict[str, set[str]]) -> set[str]:
    found = set(forms.get(tok.lower_, ()))
    lemma = tok.lemma_.lower() if tok.lemma_ else ""
    if lemma and lemma in forms.get(lemma, ()):  # a lemmatizer's answer, when the model has one
        found.add(lemma)
    return found


def is_passive(v: Any) -> bool:
    """A passive predicate: "was attacked", "the man arrested in Moscow", and the headline's passive with its
    auxiliary left out ("Son of former German president stabbed to death in Berlin": a past participle as
    the root with a subject, no auxiliary, no object and no full stop, so a mis-tagged "Russia retaliated."
    in running text stays active)."""
    if any(c.dep_ in ("nsubjpass", "auxpass", "csubjpass") for c in v.children):
        return True
    if v.dep_ == "acl" and v.tag_ == "VBN":
        # "the man arrested in Moscow"; not a clause with its own subject or "have" ("the announcement that
        # the United States and China had reached an agreement", parsed acl)
        return not any(c.dep_ in ("nsubj", "aux") for c in v.children)
    return (
        v.dep_ == "ROOT"
        and v.tag_ == "VBN"
        and v.sent[-1].text not in (".", "!", "?", '"', "”")  # a headline has no full stop
        and any(c.dep_ == "nsubj" for c in v.children)
        and not any(c.dep_ in ("aux", "dobj") for c in v.children)
    )


def object_head(v: Any) -> Any | None:
    """The direct object. In an object relative clause it is the noun the clause modifies: "the infrared
    light (that) they release", "the hostages whom the Taliban freed" (a relative clause with its own subject
    and no object of its own, or a relative pronoun as its object)."""
    for c in v.children:
        if c.dep_ in ("dobj", "obj"):
            if v.dep_ == "relcl" and c.lower_ in RELATIVE_PRONOUNS and c.i < v.i:
                return v.head
            return c
    if (
        v.dep_ == "relcl"
        and v.head.pos_ in ("NOUN", "PROPN")
        and v.head.i < v.i
        and any(c.dep_ == "nsubj" for c in v.children)
        and not any(c.dep_ in ("ccomp", "xcomp", "dative") for c in v.children)
        and not any(
            c.dep_ == "prep" and not list(c.children) for c in v.children
        )  # "the town they fled from"
    ):
        return v.head
    return None


def _look_through(tok: Any) -> Any:
    from tasks.nlp.actors import QUANTITY_NOUNS

    for _ in range(3):
        if tok.lower_ not in QUANTITY_NOUNS and tok.pos_ != "NUM":
            break
        nxt = None
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "of":
                nxt = next((p for p in c.children if p.dep_ == "pobj"), None)
        if nxt is None:
            break
        tok = nxt
    return tok


def _names_object(obj: Any, words: frozenset[str], deep: bool = True) -> bool:
    """Whether a pattern's ``object`` words name the object headed at ``obj``: its head (quantities looked
    through), a compound or adjective of it ("arms embargo"), or, when ``deep``, the same in its "of" phrase
    ("lifted a state of emergency", "suspended part of a military aid program", "25,000 tons of food aid")."""
    heads = [_look_through(obj)]
    if deep:
        for prep in obj.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                heads += [o for o in prep.children if o.dep_ == "pobj"]
    for h in heads:
        if singulars(h.lower_) & words:
            return True
        if any(singulars(c.lower_) & words for c in h.children if c.dep_ in ("compound", "amod")):
            return True
    return False


def _negated(t: Any) -> bool:
    """``t`` or the predicate it completes is negated: "not corrupt", "was not corrupt", "never lied", "was
    not an illegal act" (an adjective of the negated predicate's noun)."""
    if any(c.dep_ == "neg" for c in t.children):
        return True
    if t.dep_ == "amod":
        t = t.head
    return t.dep_ in ("acomp", "attr", "dobj", "oprd") and any(c.dep_ == "neg" for c in t.head.children)


def _owners(thing: Any) -> list[Any]:
    """Who a thing belongs to: a possessor ("North Korea's demand"), a nationality ("an Australian
    ultimatum", not a role adjective: "military assistance") or a by-agent ("calls by Kofi Annan")."""
    mods = [
        c for c in thing.children if c.dep_ == "poss" or (c.dep_ == "amod" and c.ent_type_ in ("NORP", "GPE"))
    ]
    return mods + _pobjs(thing, ("by",))


def _said_again_with_target(m: EventMention, mentions: list[EventMention]) -> bool:
    """Whether ``m`` has no target and another mention of its sentence is the same event with one: "police
    used tear gas to disperse demonstrators" is one act of repression (175) against the demonstrators, not a
    second one against no one."""
    if m.target is not None or m.source is None:
        return False
    return any(
        x is not m
        and x.target is not None
        and x.sent_start == m.sent_start
        and x.code == m.code
        and x.source is not None
        and x.source.same(m.source)
        for x in mentions
    )


def _distinct_people(a: Actor, b: Actor) -> bool:
    """Two people named in full or by surname, with different surnames: two actors even of one body ("Williams
    said Trump's request was inappropriate", both USAGOV). A pronoun ("he", "his") may be either."""

    def surname(x: Actor) -> str:
        """The last word, as written: "Trump" of "Trump's", "Vindman" of "both Vindman"."""
        words = x.name.replace("’", "'").split()
        return words[-1].removesuffix("'s") if words else ""

    sa, sb = surname(a), surname(b)
    if not (a.person and b.person) or not (sa[:1].isupper() and sb[:1].isupper()):
        return False
    return sa.lower() != sb.lower() and not {sa.lower(), sb.lower()} & PRONOUNS


def _complement_words(c: Any) -> str:
    """An adjective complement as a pattern writes it, its negation kept: "not guilty", "innocent"."""
    negated = any(g.dep_ == "neg" for g in c.children)
    return f"not {c.lower_}" if negated else c.lower_


EARLIER_OWNER_SENTENCES = 12


def _earlier_owner(t: Any) -> list[Any]:
    """The possessor of the last earlier mention of a definite noun that names one ("the call" → "Trump's
    July 25 call"), within :data:`EARLIER_OWNER_SENTENCES` sentences: a thing named again without its owner
    is the same thing, still that owner's."""
    doc = t.doc
    floor = t.sent.start
    for _ in range(EARLIER_OWNER_SENTENCES):
        if floor == 0:
            break
        floor = doc[floor - 1].sent.start
    words = singulars(t.lower_)
    for i in range(t.i - 1, floor - 1, -1):
        prev = doc[i]
        if prev.pos_ == "NOUN" and singulars(prev.lower_) & words:
            owner = [c for c in prev.children if c.dep_ == "poss"]
            if owner:
                return owner
    return []


def _pobjs(tok: Any, preps: Iterable[str]) -> list[Any]:
    wanted = set(preps)
    out: list[Any] = []
    for c in tok.children:
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in wanted:
            out.extend(p for p in c.children if p.dep_ == "pobj")
    return out


class Coder:
    """Codes the events of one document. Stateless between documents apart from the dictionaries."""

    def __init__(self, vd: VerbDictionary) -> None:
        self.vd = vd
        self._text = ""
        self._ids: tuple[Any, Any] | None = None
        self._object_words: dict[str, frozenset[str]] = {}  # verb form → the object words of its patterns

    # ---------------------------------------------------------------------------- pattern choice

    def verb_patterns(self, tok: Any) -> list[Pattern]:
        out: list[Pattern] = []
        for lemma in lemmas_of(tok, self.vd.verb_forms):
            out.extend(self.vd.verbs.get(lemma, ()))
        return out

    def noun_patterns(self, tok: Any) -> list[Pattern]:
        out: list[Pattern] = []
        low = tok.lower_
        for lemma in self.vd.noun_forms.get(low, ()):
            out.extend(self.vd.nouns.get(lemma, ()))
        return out

    def _object_of_pattern(self, obj: Any, words: frozenset[str], v: Any) -> bool:
        """:func:`_names_object`, looking into the object's "of" phrase only when its head is no object word
        of any of the verb's patterns ("gave 5.1 million dollars of aid" is money given, 071, not aid)."""
        if _names_object(obj, words, deep=False):
            return True
        known = self._object_words.get(v.lower_)
        if known is None:
            known = frozenset(w for q in self.verb_patterns(v) if q.object for w in q.object)
            self._object_words[v.lower_] = known
        return not (singulars(_look_through(obj).lower_) & known) and _names_object(obj, words)

    def holds(self, p: Pattern, v: Any, resolver: ActorResolver) -> bool:
        if p.prt and not any(c.dep_ in ("prt", "advmod", "prep") and c.lower_ in p.prt for c in v.children):
            return False
        if p.prep and not any(c.dep_ in ("prep", "prt", "agent") and c.lower_ in p.prep for c in v.children):
            return False
        if p.pobj:
            objs = _pobjs(v, p.prep or (*DEFAULT_TARGET_PREPS, "in", "for", "of", "about"))
            if not any(singulars(o.lower_) & set(p.pobj) for o in objs):
                return False
        obj = object_head(v)
        if p.object and (obj is None or not self._object_of_pattern(obj, frozenset(p.object), v)):
            return False
        if p.object_none and obj is not None:
            return False
        if p.object_actor and (obj is None or resolver.resolve_one(obj) is None):
            return False
        if p.xcomp:
            comps = _children(v, ("xcomp", "ccomp"))
            if not any(lemmas_of(c, self.vd.verb_forms) & set(p.xcomp) or c.lower_ in p.xcomp for c in comps):
                return False
        if p.complement and not any(
            _complement_words(c) in p.complement for c in v.children if c.dep_ in ("acomp", "oprd")
        ):
            return False
        return not p.modifier or any(
            c.dep_ in ("amod", "compound", "nmod")
            and bool(c.lower_ in p.modifier or singulars(c.lower_) & set(p.modifier))
            for c in v.children
        )

    def choose(self, pats: list[Pattern], v: Any, resolver: ActorResolver) -> Pattern | None:
        best: Pattern | None = None
        for p in pats:
            if not self.holds(p, v, resolver):
                continue
            if best is None or p.specificity > best.specificity:
                best = p
        return best

    # ---------------------------------------------------------------------------- arguments

    def subjects(self, v: Any, depth: int = 0) -> tuple[list[Any], bool]:
        """(subject tokens, passive) of predicate ``v``: its own subject or its controller's."""
        passive = is_passive(v)
        if passive:
            agents = _pobjs(v, ("by",))
            if agents:
                return agents, True
            if has_class(v, "stative"):
                return _children(v, ("nsubjpass",)), False  # "Israel is opposed to French mediation"
            if v.dep_ == "acl" and v.tag_ == "VBN":
                return [], True
            return [], True
        subj = _children(v, SUBJECT_DEPS)
        if subj:
            return subj, False
        if depth >= 4:
            return [], False
        head = v.head
        if head == v:
            return [], False
        if v.dep_ in ("xcomp", "conj") or (
            # "..., to end the fighting"; a participle clause: "officials banned firecrackers, arresting 210
            # people", "after meeting Xi, Trump said": the main clause's subject acts
            v.dep_ == "advcl"
            and (v.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in v.children))
        ):
            # "is eager to engage": climb through the adjective to its copula
            if head.pos_ == "ADJ" and head.dep_ in ("acomp", "amod") and head.head != head:
                head = head.head
            if v.dep_ == "xcomp" and head.pos_ == "VERB" and has_class(head, "object_control"):
                # object control: "urged Russia to withdraw", "called on the government to respect"
                controller = _children(head, ("dobj",)) or _pobjs(head, ("on", "upon", "to"))
                if controller:
                    return controller, False
            if is_passive(head) and v.dep_ == "conj":
                return self.subjects(head, depth + 1)
            if is_passive(head):
                return _children(head, ("nsubjpass",)), False
            return self.subjects(head, depth + 1)
        if v.dep_ == "pcomp":
            prep = head
            gov = prep.head
            if gov != prep and gov.pos_ in ("VERB", "AUX"):
                if is_passive(gov):
                    return _children(gov, ("nsubjpass",)), False
                if prep.lower_ in TEMPORAL_PREPS:
                    return self.subjects(gov, depth + 1)  # "After meeting Xi, Trump praised China"
                objs = _children(gov, ("dobj",))  # "accused Russia of meddling": Russia meddles
                return (objs or _children(gov, SUBJECT_DEPS)), False
        if v.dep_ == "acl" and v.tag_ == "VBG" and _message(head):
            # "issued a statement condemning the attack", "In a letter urging restraint, the president said":
            # the message speaks for whoever issued or delivered it
            gov = head.head
            if head.dep_ == "pobj" and gov.dep_ == "prep" and gov.lower_ in MESSAGE_PREPS:
                gov = gov.head
            elif head.dep_ != "dobj":
                gov = head
            if gov != head and gov.pos_ in ("VERB", "AUX"):
                return self.subjects(gov, depth + 1)
        if v.dep_ in ("relcl", "acl") and head.pos_ in ("NOUN", "PROPN"):
            return [head], False
        return [], False

    def targets(
        self, v: Any, p: Pattern, passive: bool, resolver: ActorResolver, nominal: Any | None
    ) -> list[Any]:
        if passive:
            subj = _children(v, ("nsubjpass",))
            if subj and subj[0].lower_ == "it" and _children(v, ("ccomp",)):
                return []  # "it is alleged (that) he raped ...": an expletive, no one acted on
            if subj:
                return subj
            if v.dep_ == "acl" and v.head.pos_ in ("NOUN", "PROPN"):
                return [v.head]
            if v.dep_ in ("xcomp", "conj"):
                head = v.head
                found = _children(head, SUBJECT_DEPS) or _children(head, ("nsubjpass",))
                if not found and v.dep_ == "xcomp" and head != v and not is_passive(head):
                    # "Moscow denies ... and claims to be threatened by X": the claimant is threatened
                    found, _ = self.subjects(head)
                return found
            if v.dep_ in ("advcl", "pcomp") and v.head != v:
                # "After being attacked by Russian troops, Georgia appealed ...", "it was the first victim,
                # having been annexed by Germany": the patient is the subject of the clause qualified
                gov = v.head.head if v.dep_ == "pcomp" else v.head
                return _children(gov, SUBJECT_DEPS) or _children(gov, ("nsubjpass",))
            return []
        out: list[Any] = []
        obj = object_head(v)
        if obj is not None and obj != nominal:
            obj = _look_through(obj)
            theme = bool(p.object) and bool(singulars(obj.lower_) & set(p.object)) and not p.object_target
            if not theme and resolver.resolve_one(obj) is not None:
                return [obj]
        for c in v.children:
            if c.dep_ in ("dative", "iobj") and c.pos_ in ("NOUN", "PROPN", "PRON"):
                out.append(c)
        if out:
            return out
        if nominal is not None:
            preps = ("with", "against", "on", "upon", "to", "toward", "towards", "at", "into")
            found = _pobjs(nominal, preps)
            for theme in _pobjs(nominal, ("of",)):
                found = found or _pobjs(theme, preps)  # "a suspension of air links with Serbia"
            if not found and not p.light:
                # a verb's answer to another's act: "rejected North Korea's demand", "an Australian
                # ultimatum", "calls by Kofi Annan" (a light verb's noun is the subject's own: "held talks")
                found = [o for o in _owners(nominal) if resolver.resolve_one(o) is not None][:1]
            if found:
                return found
        for o in _pobjs(v, p.target if p.target is not None else DEFAULT_TARGET_PREPS):
            if resolver.resolve_one(o) is not None:
                return [o]
        if obj is not None and obj != nominal:
            # "accused Russia of ..." etc. with an unresolved object: "of"/"on"/"against"/"with" objects of
            # the object ("restore ties with Libya"), also through an "of" theme ("welcomed a resumption of
            # ties with Eriador")
            found = _pobjs(obj, OBJECT_TARGET_PREPS)
            for theme in _pobjs(obj, ("of",)):
                found += _pobjs(theme, OBJECT_TARGET_PREPS)
            # a thing is its owner's ("welcomed Russia's decision"); forces deployed are the source's own
            if resolver.resolve_one(obj) is None:
                found += _owners(obj)
            for o in found:
                if resolver.resolve_one(o) is not None:
                    return [o]
        if p.code and p.code[:2] in COMPLEMENT_TARGET_ROOTS:
            for comp in _children(v, ("ccomp", "xcomp")):
                subj = _children(comp, ("nsubj", "nsubjpass"))
                if subj:
                    return subj
        if p.code and p.code[:2] in ACT_TARGET_ROOTS:
            # "threatened to attack U.S. bases", "refused to meet Jordan's King": a threat or a refusal is
            # aimed at whoever the act would strike or meet ("... to raise tariffs on Chinese goods")
            for comp in _children(v, ("xcomp",)):
                obj = object_head(comp)
                found = [_look_through(obj), *_pobjs(obj, OBJECT_TARGET_PREPS)] if obj is not None else []
                for o in found + _pobjs(comp, DEFAULT_TARGET_PREPS):
                    if resolver.resolve_one(o) is not None:
                        return [o]
        if p.code and p.code[:2] == "13":
            # "threatened to strike unless Israel rescinded ...": the threat's condition is on its target
            for cond in [c for x in (v, *_children(v, ("xcomp",))) for c in _children(x, ("advcl",))]:
                if any(m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in cond.children):
                    for o in _children(cond, ("nsubj", "nsubjpass")):
                        if resolver.resolve_one(o) is not None:
                            return [o]
        return []

    # ---------------------------------------------------------------------------- coding

    def _form_id_arrays(self) -> tuple[Any, Any]:
        """String ids of every verb form (and reporting verb) and of every event-noun form."""
        if self._ids is None:
            import numpy as np
            from spacy.strings import get_string_id

            verbs = sorted({get_string_id(f) for f in (*self.vd.verb_forms, *REPORT_VERBS, *STATEMENT_FORMS)})
            nouns = sorted({get_string_id(f) for f in self.vd.noun_forms})
            self._ids = (np.array(verbs, dtype=np.uint64), np.array(nouns, dtype=np.uint64))
        return self._ids

    def candidates(self, doc: Any) -> tuple[set[int], set[int]]:
        """Token indices that can trigger an event: verbs whose form (or lemma) has patterns or that
        govern a that/complement clause (reported demands), and nouns with patterns. Read from arrays, so
        no Token object is built for the other tokens."""
        import numpy as np
        from spacy.attrs import DEP, LEMMA, LOWER, POS, TAG

        if len(doc) == 0:
            return set(), set()
        verb_ids, noun_ids = self._form_id_arrays()
        strings = doc.vocab.strings

        def ids(*names: str) -> Any:
            return np.array([strings[n] for n in names], dtype=np.uint64)

        cols = doc.to_array([LOWER, LEMMA, POS, TAG, DEP])
        lower, lemma, pos, tag, dep = (cols[:, k] for k in range(5))
        verbish = np.isin(pos, ids("VERB", "AUX")) | (
            np.isin(tag, ids("VB", "VBD", "VBG", "VBN", "VBP", "VBZ")) & (pos != strings["PROPN"])
        )
        verbs = set(np.flatnonzero(verbish & (np.isin(lower, verb_ids) | np.isin(lemma, verb_ids))).tolist())
        nouns = np.flatnonzero(~verbish & np.isin(pos, ids("NOUN", "PROPN")) & np.isin(lower, noun_ids))
        for i in np.flatnonzero(np.isin(dep, ids("ccomp", "acl"))).tolist():
            head = doc[i].head  # "said that X must", "issued a reminder that X must"
            verbs.update(g.i for g in (head, head.head) if verbish[g.i])
        return verbs, set(nouns.tolist())

    def code_doc(self, doc: Any, resolver: ActorResolver) -> list[EventMention]:
        from tasks.nlp.components import sentence_spans

        mentions: list[EventMention] = []
        consumed: set[int] = set()
        self._text = text = resolver.text
        verbs, nouns = self.candidates(doc)
        if not verbs and not nouns:
            return mentions
        first_of_sentence = 0
        for sent in sentence_spans(doc):
            raw = text[sent.start_char : sent.end_char]
            stripped = raw.strip()
            if not stripped:
                continue
            s_start = sent.start_char + (len(raw) - len(raw.lstrip()))
            s_end = s_start + len(stripped)
            here = range(sent.start, sent.end)
            for i in sorted(verbs.intersection(here)):
                self._code_verb(doc[i], resolver, s_start, s_end, mentions, consumed)
            for i in sorted(nouns.intersection(here)):
                if i not in consumed:
                    self._code_noun(doc[i], resolver, s_start, s_end, mentions)
            for i in sorted(i for i in verbs.intersection(here) if doc[i].lower_ in STATEMENT_FORMS):
                self._code_statement(doc[i], resolver, s_start, s_end, mentions, first_of_sentence)
            first_of_sentence = len(mentions)
        for m in mentions:
            question = text[m.sent_start : m.sent_end].rstrip("”\"' )").endswith("?")
            if question and m.status in ("occurred", "planned"):
                # a question asserts nothing, no plan either: "Would Schiff have pleaded ...?", "does that
                # mean they're going to be indicted?"
                m.status = "hypothetical"
        sport = {m.sent_start for m in mentions if is_sport(text[m.sent_start : m.sent_end], SPORT_WORDS)}
        kept = [
            m
            for m in mentions
            if m.sent_start not in sport and keep_mention(m) and self._asserted(doc, m, mentions)
        ]
        for m in kept:
            if m.status == "planned":
                # an announced cooperative act is CAMEO's expression of intent: "will support" → 032, "talks
                # are scheduled for Monday" → 036 (a promise is verbal cooperation, not yet material); the
                # status still says it is planned.
                # (After the relevance rules, which read the act's own root: a planned consultation needs a
                # target as a held one does.)
                m.code = intent_code(m.code) or m.code
        return [m for m in kept if not _said_again_with_target(m, kept)]

    def _asserted(self, doc: Any, m: EventMention, mentions: list[EventMention]) -> bool:
        """Whether the text asserts the event rather than naming an aim: "Trump's attempt to coerce Ukraine
        into investigating" and "a need for Ukraine to launch investigations" assert no investigation.
        (Complements of appeals, denials and refusals stay, with their status: "urged Russia to withdraw"
        is a hypothetical withdrawal.) An event noun is read from the verb it is the object of ("a tendency
        to waver and increase his demands" asserts no demand)."""
        tok = doc[m.trigger_i]
        if m.nominal:
            if tok.dep_ in ("dobj", "nsubjpass") and has_class(tok.head, "end"):
                return False  # "Sweden has dropped its investigation": the dropping is the news
            if tok.dep_ != "dobj" or tok.head.pos_ not in ("VERB", "AUX"):
                return True
            tok = tok.head
        triggers = {x.trigger_i for x in mentions if x is not m}
        for _ in range(6):
            head = tok.head
            if head == tok:
                return True
            # (an infinitive under a noun is parsed acl, or advcl: "a need for Ukraine to launch")
            aim = tok.dep_ in ("acl", "advcl") and head.pos_ in ("NOUN", "PROPN") and head.i not in triggers
            if aim and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
                # an aim: "efforts to get Ukraine to investigate", "a need for Ukraine to launch"
                return False
            if tok.dep_ not in ("xcomp", "conj", "ccomp", "pcomp", "pobj", "prep"):
                return True
            tok = head
        return True

    def _code_statement(
        self,
        v: Any,
        resolver: ActorResolver,
        s_start: int,
        s_end: int,
        mentions: list[EventMention],
        first: int,
    ) -> None:
        """A reported statement: "X said (that) ...", "X told Y that ...", "X called Y a sham" (class 3).

        When what was said codes no event itself, the statement is X's event: a comment (010), a criticism
        (111) when what was said holds a disapproval word, an appeal (020) when it holds an appeal word
        ("please", "we urge"; both lists in ``word_lists.json``). Its target is the
        actor the statement is about: the subject of the complement, else the first actor named in it,
        else the person told. A "said" inside a quotation is no event. A statement that is already coded
        (its verb has a pattern), or whose complement codes an asserted event that is not hypothetical, adds
        nothing."""
        here = mentions[first:]
        if any(m.trigger_i == v.i for m in here) or _inside_quote(v, self._text):
            return  # coded already, or a "said" inside a quotation (the quotation is the statement)
        comps = _children(v, ("ccomp", "parataxis"))
        called = v.lower_.startswith("call") and any(c.dep_ in ("oprd", "xcomp") for c in v.children)
        if not comps and not called:
            return
        spans = [(c.left_edge.i, c.right_edge.i) for c in comps]
        said = [m for m in here if any(a <= m.trigger_i <= b for a, b in spans)]
        subj_toks, passive = self.subjects(v)
        said_by = {a.code for a in self._resolve_all(subj_toks, resolver)} if said else set()
        for m in said:
            # "Trump said he would raise tariffs on China": a coercive act the speaker says he will take,
            # or would take, is his threat (CAMEO 13), made now
            threat = m.status in ("planned", "hypothetical") and m.code[:2] in THREAT_ROOTS
            if threat and m.source is not None and m.source.code in said_by:
                m.code, m.status = "130", status_of(v)
        # what was said codes an event the text asserts ("X said Y attacked Z"): that is the event. An aim
        # ("no knowledge of any efforts to urge Ukraine") or a hypothetical ("Russia could attack") leaves X's
        # statement
        inside = [m for m in said if m.status != "hypothetical" and self._asserted(v.doc, m, mentions)]
        if inside:
            return  # "X said Y attacked Z": the event is Y's attack
        if passive:
            return
        speakers = [t for t in subj_toks if resolver.can_act(t) and t.lower_ not in ("it", "this", "that")]
        sources = self._resolve_all(speakers, resolver)  # "it's worth noting": no speaker
        if not sources:
            return
        own = {a.code for a in sources}
        content = [t for c in comps for t in c.subtree] if comps else [t for t in v.subtree if t.i > v.i]
        targets: list[Actor] = []
        heads = [t for c in comps for t in c.children if t.dep_ in ("nsubj", "nsubjpass")]
        if called:
            heads = _children(v, ("dobj",))
        heads += [t for t in content if t.pos_ in ("PROPN", "NOUN") and t not in heads and not _locative(t)]
        for t in heads:
            if t.pos_ == "PRON":
                continue  # "it", "they" in what was said: too far from their antecedents to trust
            # a thing is about its owner ("the Iranian tests", "Russia's decision"), never about where it
            # happened ("a conversation in Warsaw")
            owner = [c for c in t.children if c.dep_ in ("poss", "amod", "compound", "nmod")]
            if not owner and t.pos_ == "NOUN" and is_definite(t):
                owner = _earlier_owner(t)  # "the call" after "Trump's July 25 call": Trump's
            a = (
                resolver.resolve_one(t)
                if resolver.can_act(t)
                else next((x for x in map(resolver.resolve_one, owner) if x is not None), None)
            )
            if a is not None and (a.code not in own or all(_distinct_people(a, x) for x in sources)):
                targets = [a]  # "Williams (USAGOV) said Trump's (USAGOV) request was inappropriate"
                break
        if not targets:
            told = [c for c in v.children if c.dep_ in ("dobj", "dative", "iobj")]
            # "told reporters": speaking to the press is no interaction with it
            hearers = [a for a in self._resolve_all(told, resolver) if not a.code.endswith("MED")]
            targets = [a for a in hearers if a.code not in own][:1]
        # a word under negation says the opposite: "the president was not corrupt" criticises no one
        words = {t.lower_ for t in content if not _negated(t)}
        text = " ".join(t.lower_ for t in content)

        def says(listed: frozenset[str]) -> bool:  # a word, or a phrase of several, of the list
            return bool(words & listed) or any(" " in w and w in text for w in listed)

        code = "111" if says(DISAPPROVAL_WORDS) else "020" if says(APPEAL_WORDS) else "010"
        self._emit_said(mentions, v, code, sources, targets, s_start, s_end, statement=code == "010")

    def _emit_said(
        self,
        mentions: list[EventMention],
        v: Any,
        code: str,
        sources: list[Actor],
        targets: list[Actor],
        s_start: int,
        s_end: int,
        statement: bool = False,
    ) -> None:
        """Emit what a speech verb ``v`` says (a statement, a demand) with the verb's own status."""
        self._emit(
            mentions,
            v,
            code,
            sources,
            targets,
            False,
            status_of(v),
            s_start,
            s_end,
            nominal=False,
            trigger_text=self._trigger_text(v),
            statement=statement,
        )

    def _code_verb(
        self,
        v: Any,
        resolver: ActorResolver,
        s_start: int,
        s_end: int,
        mentions: list[EventMention],
        consumed: set[int],
    ) -> None:
        pats = self.verb_patterns(v)
        if v.lower_.startswith("call") and any(c.dep_ == "oprd" for c in v.children):
            pats = []  # "called the process a sham": a characterisation, coded as a statement
        if not (pats and self._code_pattern(v, pats, resolver, s_start, s_end, mentions, consumed)):
            self._code_reported_demand(v, resolver, s_start, s_end, mentions)

    def _code_pattern(
        self,
        v: Any,
        pats: list[Pattern],
        resolver: ActorResolver,
        s_start: int,
        s_end: int,
        mentions: list[EventMention],
        consumed: set[int],
    ) -> bool:
        """Code ``v`` with its best pattern; False when no pattern applies."""
        p = self.choose(pats, v, resolver)
        if p is None:
            return False
        nominal = None
        npat = None
        if p.light:
            nominal = self._light_object(v)
            npat = (
                self.choose(self.noun_patterns(nominal), nominal, resolver) if nominal is not None else None
            )
            if npat is None or npat.code is None:
                # no event noun to carry: the verb's own reading, if it has one ("hosted the Japanese Prime
                # Minister" is a visit, "hosted a summit" the summit)
                p = self.choose([q for q in pats if not q.light], v, resolver)
                if p is None:
                    return False
                nominal = None
        code = p.code
        symmetric = p.symmetric
        negated_code = p.negated
        if p.light:
            assert nominal is not None and npat is not None and npat.code is not None
            code, symmetric = npat.code, npat.symmetric
            consumed.add(nominal.i)
            # a real pattern that is more specific than the light reading wins ("propose talks" → 036)
            specific = [
                q
                for q in pats
                if not q.light and q.code and self.holds(q, v, resolver) and q.specificity >= 1
            ]
            if specific:
                best = max(specific, key=lambda q: q.specificity)
                code, symmetric, negated_code = best.code, best.symmetric, best.negated
        elif code is None:
            return False
        else:
            nominal = self._light_object(v)
            if nominal is not None:
                consumed.add(nominal.i)
        assert code is not None
        subj_toks, passive = self.subjects(v)
        # a thing as an active subject is no actor ("Norway's oil production beat forecasts"); a by-agent
        # keeps its owner ("threatened by provocations from Kyiv": Kyiv threatens)
        actors = [t for t in subj_toks if resolver.can_act(t) or (passive and _owned(t))]
        sources = self._resolve_all(actors, resolver)
        if passive and not subj_toks:
            sources = self._implicit_agent(v, resolver)  # "two guards were charged": the judiciary
        if not passive and p.private_source:
            # "Noel and Thomas pleaded not guilty": defendants, witnesses the text names without a role act
            # as civilians, each of them, on the court or committee they address (relevance.keep_mention)
            if not sources:
                sources = self._resolve_targets(subj_toks, resolver, private=True)
            sources = [
                replace(a, via="private") if a.person and not is_political(a.code) else a for a in sources
            ]
        if p.undergoer is not None and not passive:
            # "Webb faces nine charges": the subject undergoes the judiciary's act, as in "Webb was charged"
            targets = self._resolve_targets(actors, resolver)
            sources = self._implicit_agent(v, resolver, p.undergoer) if targets else []
            if not sources:
                return True
        else:
            targets = self._resolve_targets(self.targets(v, p, passive, resolver, nominal), resolver)
        if not targets and sources and p.addressee is not None:
            # "pleaded guilty to charges": a plea is made to the court, named or not
            targets = self._implicit_agent(v, resolver, p.addressee)
        reciprocal = len(sources) >= 2 and _reciprocal(v)
        if reciprocal:
            targets = list(sources)  # "Johnson and Corbyn attacked each other's policies": both ways
        if not targets and not passive:
            obj = object_head(v)  # "officers arrested John Webb": a private person, a civilian
            if obj is not None and obj != nominal:
                head = _look_through(obj)
                theme = (
                    not p.object_target and bool(p.object) and bool(singulars(head.lower_) & set(p.object))
                )
                forces = theme and resolver.entry_at(head.i) is not None  # "deployed the army": no target
                targets = [] if forces else self._resolve_targets([obj], resolver)
        if nominal is not None and symmetric and not targets:
            pair = _pobjs(nominal, ("between",))
            if pair:
                targets = self._resolve_all(pair, resolver)
        if nominal is not None and not targets and code[:2] in COMPLEMENT_TARGET_ROOTS:
            # "reiterated its demand that Israel ease ...": the subject of the noun's that-clause
            for comp in _children(nominal, ("acl", "ccomp")) + _children(v, ("ccomp",)):
                targets = self._resolve_all(_children(comp, ("nsubj", "nsubjpass")), resolver)
                if targets:
                    break
        if not targets and code[:2] == "14":
            # "students staged demonstrations to demand reforms by President Suharto": a protest is aimed
            # at the actor its demand names
            purposes = _children(v, ("xcomp", "advcl")) + (_children(nominal, ("acl",)) if nominal else [])
            for comp in purposes:
                names = [o for o in comp.subtree if o.pos_ in ("PROPN", "NOUN") and resolver.can_act(o)]
                targets = [
                    a for a in self._resolve_all(names, resolver) if a.code not in {x.code for x in sources}
                ]
                if targets:
                    targets = targets[:1]
                    break
        if (
            not targets
            and code[:2] in ADDRESSED_ROOTS
            and v.dep_ == "advcl"
            and v.tag_ == "VBG"
            and v.head.lower_ in STATEMENT_FORMS
        ):
            # "Sasse told Hawk Sawyer, repeatedly calling for an explanation": an appeal or demand made in
            # speaking to someone is made to them
            targets = self._resolve_targets(_children(v.head, ("dobj", "dative")), resolver)
        if not targets:
            targets = self._accusers(v, sources, mentions)
        if passive and not subj_toks and sources and not targets:
            return True  # an agentless passive acting on no one named: "you were falsely imprisoned"
        if p.needs_target and not targets:
            return True  # "the explanation being offered": an offer to no one named
        if p.individual is not None and targets and all(_individual(a) for a in targets):
            code = p.individual  # "Webb was convicted": a person found guilty is detained (ICEWS 116 vs 173)
        status = status_of(v, nominal)
        if status == "negated" and negated_code is not None:
            code, status = negated_code, "occurred"  # "did not accept the plan" is a rejection
        trigger = v
        before = len(mentions)
        self._emit(
            mentions,
            trigger,
            code,
            sources,
            targets,
            symmetric,
            status,
            s_start,
            s_end,
            nominal=False,
            trigger_text=self._trigger_text(v),
            claimed=under_claim(v),
            passive=passive,
        )
        if reciprocal:  # each party acts on the other, never on itself
            mentions[before:] = [m for m in mentions[before:] if m.target is not None]
        return True

    def _accusers(self, v: Any, sources: list[Actor], mentions: list[EventMention]) -> list[Actor]:
        """ "The Pentagon rejected these accusations": who made them, the source of the last accusation or
        criticism (root 11) in the two sentences before (``claim_nouns``)."""
        obj = object_head(v)
        if obj is None or not singulars(obj.lower_) & CLAIM_NOUNS:
            return []
        if not any(
            c.dep_ == "det" and c.lower_ in ("these", "those", "the", "such", "this", "that")
            for c in obj.children
        ):
            return []
        floor = window_start(v, 2).idx
        own = {a.code for a in sources}
        last = next(
            (
                m
                for m in reversed(mentions)
                if m.sent_start >= floor and m.code[:2] == "11" and m.source is not None and m.trigger_i < v.i
            ),
            None,
        )
        if last is None:
            return []
        out: list[Actor] = []  # every accuser of that statement ("Russia and Syria accused ...")
        for m in mentions:
            src = m.source
            if (
                m.trigger_i == last.trigger_i
                and src is not None
                and src.code not in own | {x.code for x in out}
            ):
                out.append(src)
        return out

    def _code_reported_demand(
        self, v: Any, resolver: ActorResolver, s_start: int, s_end: int, mentions: list[EventMention]
    ) -> None:
        """CAMEO's reading of "X said Y must/should Z": X demands (100) of Y.

        The obligation clause is the complement of a reporting verb ("said that Libya must"), or the
        that-clause of the verb's object noun ("issued a reminder to Iraq that it must cooperate"). Its
        subject, when active, is someone who can act: "the house's use should send a signal" judges a thing
        and demands nothing. A demand is of someone: the active subject, else a passive's by-agent ("the
        refugees must not be deported by Turkey" asks Turkey, not the refugees, who would undergo it); with
        neither ("sanctions must be lifted", "the public should not be forced to endure this") there is no
        demand, and the statement rules read what was said. The speaker's own duty ("We must teach the
        defendant love") is no demand either.
        """

        def that_clauses(tok: Any) -> list[Any]:
            return [
                c
                for c in tok.children
                if c.dep_ in ("acl", "ccomp")
                and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
            ]

        comps = _children(v, ("ccomp",)) if v.lower_ in REPORT_VERBS else []
        obj = object_head(v)
        if obj is not None and obj.pos_ == "NOUN":
            # the content of a message noun, hung on the noun or (as parsed) on the verb
            comps += that_clauses(obj) + that_clauses(v)
        for comp in comps:
            if not (_aux_words(comp) & OBLIGATION_AUX or _has_to(comp)):
                continue
            doers = _children(comp, ("nsubj",))
            if doers and not any(resolver.can_act(t) for t in doers):
                continue  # a judgement of a thing, no demand: "the house's use should send a signal"
            if any(t.pos_ == "PRON" and t.lower_ in FIRST_PRONOUNS for t in doers):  # not "the US must"
                return  # the speaker's own duty, no demand of anyone: "We must teach the defendant love"
            subj_toks, _ = self.subjects(v)
            sources = self._resolve_all(subj_toks, resolver)
            # a passive's subject is who the act would befall, not who is asked to act ("the refugees must
            # not be forced to ...": a demand of whoever would force them, its by-agent when named)
            asked = doers or [p for a in _children(comp, ("agent",)) for p in _children(a, ("pobj",))]
            targets = self._resolve_all(asked, resolver)
            if sources and targets:
                self._emit_said(mentions, v, "100", sources, targets, s_start, s_end)
            return

    def _light_object(self, v: Any) -> Any | None:
        obj = object_head(v)
        if obj is not None and self.noun_patterns(obj):
            return obj
        for o in _pobjs(v, ("in", "part")):
            if self.noun_patterns(o):
                return o
        for c in v.children:
            if c.dep_ == "prep" and c.lower_ == "in" and c.head == v:
                continue
        return None

    def _code_noun(
        self, n: Any, resolver: ActorResolver, s_start: int, s_end: int, mentions: list[EventMention]
    ) -> None:
        pats = self.noun_patterns(n)
        if not pats or n.lower_ in LIGHT_ONLY_NOUNS:
            return  # (a noun a light verb governs was coded with that verb and never comes here)
        p = self.choose(pats, n, resolver)
        if p is None or p.code is None:
            return
        # an event noun that is itself an actor name ("the Security Council") is not an event
        if n.i in resolver.token_match:
            return
        between = _pobjs(n, ("between",))
        owners: list[Actor] = []
        for t in n.doc[n.left_edge.i : n.i]:
            if t.dep_ not in ("compound", "amod", "poss", "nmod", "npadvmod", "conj", "appos"):
                continue
            if t.dep_ == "poss" and t.pos_ == "PRON":
                group = resolver.pronoun_group(t)
                owners.extend(a for a in group if not any(o.code == a.code for o in owners))
                continue
            e = resolver.entry_at(t.i)
            if e is None or e.kind == "agent":
                continue
            a = resolver.resolve_one(t)
            if a is not None and not any(o.code == a.code for o in owners):
                owners.append(a)
        # "Hong Kong Chief Executive Carrie Lam's trip": one owner, HKGGOV, not also HKG from inside her title
        owners = [
            a
            for a in owners
            if not any(len(b.code) > len(a.code) > 0 and b.code.startswith(a.code) for b in owners)
        ]
        agents = self._resolve_all(_pobjs(n, ("by", "from")), resolver)
        target_preps = (
            ("with",) if p.symmetric else ("with", "against", "on", "upon", "to", "toward", "towards", "into")
        )
        with_t = self._resolve_all(_pobjs(n, target_preps), resolver)
        of_toks = _pobjs(n, ("of",))
        if not of_toks:
            for a in _pobjs(n, ("by",)):
                e = resolver.entry_at(a.i)
                if a.pos_ == "PROPN" and e is not None and e.kind == "country":
                    # "the occupation by Russia of Crimea": the parser hung the noun's object on its agent, a
                    # country name that takes no "of" of its own ("the President of France" keeps his)
                    of_toks = _pobjs(a, ("of",))
        of_t = self._resolve_all(of_toks, resolver) if not p.symmetric else []
        sources: list[Actor] = []
        targets: list[Actor] = []
        symmetric = p.symmetric
        if between:
            pair = self._resolve_all(between, resolver)
            if len(pair) >= 2:
                sources, targets = [pair[0]], pair[1:]
                symmetric = True
            elif pair and owners:
                sources, targets = owners[:1], pair
            elif pair:
                sources = pair
        elif owners and not agents and n.dep_ == "pobj" and not (with_t or of_t):
            # "a breakthrough in the US-China trade deal", "what to make of the Russian offensive": a
            # phrase that refers to an event in passing asserts nothing new
            return
        elif owners or agents:
            sources = agents or owners
            targets = with_t or of_t
            if symmetric and len(sources) >= 2 and not targets:
                sources, targets = sources[:1], sources[1:]
            if agents and owners and not targets:
                targets = owners
        elif with_t and n.dep_ == "pobj" and n.head.lower_ in TIME_OF_PREPS and n.head.head.pos_ == "VERB":
            # "The president announced the deal during a meeting with Liu He": whoever acts during the
            # meeting takes part in it
            subj_toks, _ = self.subjects(n.head.head)
            sources = self._resolve_all([t for t in subj_toks if resolver.can_act(t)], resolver)
            targets = [a for a in with_t if not any(a.same(x) for x in sources)]
        else:
            return
        if not sources or (symmetric and not targets):
            return  # "Russia negotiations": a reciprocal event needs both parties
        status = status_of(n, None)
        self._emit(
            mentions,
            n,
            p.code,
            sources,
            targets,
            symmetric,
            status,
            s_start,
            s_end,
            nominal=True,
            trigger_text=n.text,
        )

    def _resolve_all(self, toks: list[Any], resolver: ActorResolver) -> list[Actor]:
        out: list[Actor] = []
        for t in toks:
            for a in resolver.resolve(t):
                if not any(x.same(a) for x in out):
                    out.append(a)
        return out

    def _implicit_agent(self, v: Any, resolver: ActorResolver, role: str | None = None) -> list[Actor]:
        """The agent of an agentless passive of legal or police action: the judiciary or police of the
        country an "in" phrase of the verb names ("two Britons were arrested in Tehran": Iran's police), else
        of the article's main country (``implicit_*_verbs`` in ``word_lists.json``). Only when the text names
        whom it acts on: "two guards were charged" is the judiciary's act on the guards, while "you were
        falsely imprisoned" (no target found) is no event. A pattern's ``undergoer`` gives the role of an
        active verb whose subject undergoes the act ("Webb faces charges")."""
        if role is None and v.lower_ in IMPLICIT_JUD_FORMS:
            role = "JUD"
        elif role is None and v.lower_ in IMPLICIT_COP_FORMS:
            role = "COP"
        if role is None:
            return []
        # where it happened, when the clause says so ("two Britons were arrested in Iran": Iran's police)
        obj = object_head(v)  # "faces 18 charges in the US"
        places = _pobjs(v, ("in",)) + (_pobjs(obj, ("in",)) if obj else [])
        here = [resolver.resolve_one(o) for o in places]
        country = next(
            (a.code for a in here if a is not None and len(a.code) == 3 and a.country == a.code), None
        )
        # a city names its country too ("two Britons were arrested in Karachi": Pakistan's police)
        cities = [resolver.entry_at(o.i) for o in places if resolver.is_city(o)]
        country = country or next((e.code for e in cities if e is not None), None)
        country = country or resolver.main_country()
        if country is None:
            return []
        return [Actor(country + role, "", v.idx, v.idx, country, False, "context")]

    def _resolve_targets(
        self, toks: list[Any], resolver: ActorResolver, private: bool = False
    ) -> list[Actor]:
        """Targets: as sources, and a person the text names without saying who they are ("police arrested
        John Smith", or "Smith" again later) is a civilian of the article's country (CAMEO's convention for
        private persons). ``private``: the subject of a pattern with ``private_source``, where every
        coordinated person is one ("Noel and Thomas pleaded not guilty" is two pleas) and is marked so that
        relevance lets it act on a political target; as targets, the development set's gold keeps a named
        pair as one ("prosecutors alleged that Noel and Thomas ...": one accusation)."""
        out = self._resolve_all(toks, resolver)
        if out:
            return out
        seen: set[int] = set()
        for t in (c for tok in toks for c in ((tok, *tok.conjuncts) if private else (tok,))):
            if t.i in seen:
                continue
            seen.add(t.i)
            named = resolver.named_person(t)
            if named or (t.lower_ in ("he", "she", "him", "her") and resolver.resolve_one(t) is None):
                # "he was arrested", the last person named being uncoded
                a = resolver.civilian(t, via="private" if private else "role")
                if a is not None:
                    out.append(a)
        return out

    def _trigger_text(self, v: Any) -> str:
        """The predicate as written: auxiliaries, negation, particles around the verb ("will negotiate")."""
        parts = [
            c for c in v.children if c.dep_ in ("aux", "auxpass", "neg", "prt") and abs(c.i - v.i) <= 4
        ] + [v]
        parts.sort(key=lambda t: t.i)
        start, end = parts[0].idx, parts[-1].idx + len(parts[-1].text)
        return self._text[start:end]

    def _emit(
        self,
        mentions: list[EventMention],
        trigger: Any,
        code: str,
        sources: list[Actor],
        targets: list[Actor],
        symmetric: bool,
        status: str,
        s_start: int,
        s_end: int,
        nominal: bool,
        trigger_text: str,
        claimed: bool = False,
        passive: bool = False,
        statement: bool = False,
    ) -> None:
        pairs: list[tuple[Actor | None, Actor | None, bool]] = []
        if symmetric and len(sources) >= 2 and not targets:
            for other in sources[1:]:
                if other.code != sources[0].code:  # two people of one body do not meet themselves
                    pairs.append((sources[0], other, True))
        if not pairs:
            source_list: list[Actor | None] = list(sources) or [None]
            target_list: list[Actor | None] = list(targets) or [None]
            for s in source_list:
                for t in target_list:
                    same = s is not None and t is not None and s.code == t.code and not _distinct_people(s, t)
                    tt = None if same else t
                    pairs.append((s, tt, symmetric and s is not None and tt is not None))
        seen: set[tuple[str | None, str | None]] = set()
        for s, t, sym in pairs:
            key = (s.key() if s else None, t.key() if t else None)
            if key in seen:
                continue
            seen.add(key)
            conf = 0.5
            if s is not None:
                conf += 0.2 if s.via in ("dictionary", "context") else 0.1
            if t is not None:
                conf += 0.15  # on real news, events with a target were right three times as often
            if not nominal:
                conf += 0.1
            if status != "occurred":
                conf -= 0.15  # planned and hypothetical events were rarely what a coder records
            if claimed:
                conf -= 0.1  # the source's own claim ("claims to be threatened by X"), not an observed event
            mentions.append(
                EventMention(
                    sent_start=s_start,
                    sent_end=s_end,
                    trigger_i=trigger.i,
                    trigger_text=trigger_text,
                    trigger_start=trigger.idx,
                    trigger_end=trigger.idx + len(trigger.text),
                    code=code,
                    source=s,
                    target=t,
                    symmetric=sym,
                    status=status,
                    confidence=round(min(conf, 1.0), 2),
                    nominal=nominal,
                    claimed=claimed,
                    passive=passive,
                    statement=statement,
                )
            )
