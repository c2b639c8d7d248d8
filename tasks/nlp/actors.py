"""Actor coding: entity mentions and the noun phrases that act as subjects and objects → CAMEO-style codes.

A code is a country or IGO followed by a role (``USA``, ``USAGOV``, ``RUSMIL``, ``NATO``, ``WST``).
Everything comes from editable JSONL dictionaries in ``tasks/data/actors`` (format in that folder's
``README.md``):

- ``country`` entries: names, adjectives/demonyms ("Russian", and "Russians" derived) and capitals used as
  metonyms ("Moscow" → RUS);
- ``actor`` entries: government bodies, IGOs, armed groups (White House → USAGOV, Pentagon → USAMIL), with
  ``context_aliases`` that count only when the actor is named elsewhere in the article ("the Alliance" →
  NATO);
- ``person`` entries: leaders with dated codes, as PETRARCH's ``[USAGOV 210120-250120]``;
- ``agent`` entries: role words ("soldiers" → MIL, "police" → COP) that combine with a country found in the
  same noun phrase ("Russian soldiers" → RUSMIL).

The dictionary is compiled into two spaCy ``PhraseMatcher`` objects once per process (the
``newsevents_actors`` component); :class:`ActorResolver` then resolves noun phrases of one document, with a
short memory for pronouns and "the spokesperson".
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from tasks.nlp.datelines import dateline_spans
from tasks.nlp.lexicon import singulars, word_list
from tasks.nlp.relevance import roles

ACTOR_DIR = Path(__file__).resolve().parents[1] / "data" / "actors"
IMPORTED_DIR = Path(__file__).resolve().parents[1] / "data" / "imported"
# Plural nouns of people ("farmers", "inhabitants", "activists", "Nigerians", "employees", "gunmen").
PEOPLE_PLURAL = re.compile(r"(?:ers|ors|ists|ians|ants|ees|men|ites)$")
# Entity types that are things, never actors, whatever names their modifiers hold ("the Hong Kong Human
# Rights and Democracy Act", "the US-China trade war").
THING_ENTITIES = frozenset(
    {"LAW", "WORK_OF_ART", "EVENT", "PRODUCT", "MONEY", "PERCENT", "DATE", "TIME", "QUANTITY", "CARDINAL",
     "ORDINAL", "LANGUAGE"}
)  # fmt: skip

# Dependency labels of the modifiers that stay inside a noun phrase.
NP_MODIFIERS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod", "appos", "nummod", "quantmod"})
# Prepositions whose object names whom a head noun belongs to ("spokesperson for the NSC").
NP_OWNER_PREPS = frozenset({"for", "of", "from", "in", "at"})
QUANTITY_NOUNS = frozenset(
    {
        "thousand",
        "thousands",
        "hundred",
        "hundreds",
        "dozen",
        "dozens",
        "number",
        "tens",
        "millions",
        "million",
        "group",
        "groups",
        "unit",
        "units",
        "contingent",
        "column",
        "convoy",
        "wave",
        "batch",
        "team",
    }
)
# Roles of state actors: a bare "the government" in their clause is another state's.
STATE_ROLES = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})
# Person words of one sex (kin and people words of agents.jsonl): "his daughter" is never "he".
FEMALE_WORDS = frozenset(
    {"daughter", "wife", "mother", "sister", "widow", "niece", "granddaughter", "woman", "women", "girl"}
)
MALE_WORDS = frozenset(
    {"son", "husband", "father", "brother", "widower", "nephew", "grandson", "man", "men", "boy"}
)
THING_PRONOUNS = frozenset({"it", "its", "itself", "they", "them", "their", "theirs", "themselves"})
FIRST_PRONOUNS = frozenset({"we", "us", "our", "ours", "i", "me", "my", "mine"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom", "whose"})
# How many sentences back a subject "he"/"she" looks for a person who was a subject.
SUBJECT_SENTENCES = 3


@dataclass(frozen=True, slots=True)
class DatedCode:
    code: str
    start: date | None = None
    end: date | None = None

    def valid_on(self, day: date | None) -> bool:
        if day is None:
            return True
        return (self.start is None or day >= self.start) and (self.end is None or day <= self.end)


@dataclass(frozen=True, slots=True)
class Entry:
    """One dictionary entry (a country, named actor, person or role word)."""

    idx: int
    kind: str  # country | city | actor | person | agent
    code: str | None  # country/actor code; None for agents
    country: str | None  # ISO 3166 alpha-3 when the actor belongs to a country
    role: str | None = None  # agents: GOV, MIL, COP ...
    dated: tuple[DatedCode, ...] = ()  # persons
    person: bool = False  # a person (for he/she) rather than an organisation
    generic: bool = False  # agent word that only inherits its owner's code ("spokesperson", "official")
    institution: bool = False  # agent word naming a state's institution as a whole ("the government")
    context: str | None = None  # context alias: counts only when ``context`` is named in the article
    label: str = ""  # the canonical name, for messages

    def code_on(self, day: date | None) -> str | None:
        """The code valid on ``day`` (persons carry dated codes; the last one wins when nothing fits)."""
        if not self.dated:
            return self.code
        for dc in self.dated:
            if dc.valid_on(day):
                return dc.code
        return None


@dataclass(slots=True)
class ActorDictionary:
    """All entries, and the phrases (lower-cased or exact) that name them."""

    entries: list[Entry] = field(default_factory=list)
    lower_phrases: dict[str, list[int]] = field(default_factory=dict)  # "white house" → [entry idx]
    exact_phrases: dict[str, list[int]] = field(default_factory=dict)  # "US" → [entry idx]
    people: set[str] = field(default_factory=set)  # "albanians", "serbs": a country's people (lower case)
    actor_adjectives: set[str] = field(default_factory=set)  # "western": an actor's adjective (lower case)

    def add_phrase(self, text: str, idx: int, exact: bool) -> None:
        text = " ".join(text.split())
        if not text:
            return
        table = self.exact_phrases if exact else self.lower_phrases
        key = text if exact else text.lower()
        ids = table.setdefault(key, [])
        if idx not in ids:
            ids.append(idx)


def _date(value: Any) -> date | None:
    if not value:
        return None
    return date.fromisoformat(str(value))


def plural(word: str) -> str:
    """English plural of a (last) word: soldier → soldiers, militia → militias, family → families."""
    head, sep, last = word.rpartition(" ")
    low = last.lower()
    if low.endswith(("s", "x", "z", "ch", "sh")):
        p = last + "es"
    elif low.endswith("y") and len(low) > 1 and low[-2] not in "aeiou":
        p = last[:-1] + "ies"
    elif low.endswith("man"):
        p = last[:-3] + "men"
    elif low in {
        "people",
        "police",
        "media",
        "military",
        "personnel",
        "public",
        "press",
        "children",
        "men",
        "women",
    }:
        p = last
    else:
        p = last + "s"
    return f"{head}{sep}{p}"


def _is_acronym(name: str) -> bool:
    """Short all-capital names (US, UN, EU, NSC) are matched exactly as written."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and len(letters) <= 4 and all(c.isupper() for c in letters)


def _add_names(d: ActorDictionary, idx: int, names: Iterable[str], case_sensitive: set[str]) -> None:
    for name in names:
        exact = name in case_sensitive or _is_acronym(name)
        d.add_phrase(name, idx, exact)
        if not exact and name.lower().startswith("the ") and " " in name[4:].strip():
            # "the White House" is also "White House"; a one-word name needs its "the": "the West" is not
            # the "West" of "Kowloon West", nor "the Hague" the Hague of "William Hague"
            d.add_phrase(name[4:], idx, exact)


def parse_entries(records: Iterable[dict[str, Any]], d: ActorDictionary) -> None:
    """Add dictionary records (parsed JSONL lines) to ``d``."""
    for rec in records:
        kind = rec.get("type")
        cs = set(rec.get("case_sensitive", []))
        if kind == "country":
            code = rec["code"]
            idx = len(d.entries)
            d.entries.append(Entry(idx, "country", code, code, label=(rec.get("names") or [code])[0]))
            _add_names(d, idx, rec.get("names", []), cs)
            _add_names(d, idx, rec.get("capitals", []), cs)
            adjectives = rec.get("adjectives", [])
            _add_names(d, idx, adjectives, cs)
            # "the Russians", "Americans": the people of a country stand for the country.
            people = [
                plural(a)
                for a in adjectives
                if not a.lower().endswith(("ese", "ss", "sh", "ch")) and not _is_acronym(a) and "." not in a
            ]
            _add_names(d, idx, people, cs)
            d.people.update(p.lower() for p in people)
        elif kind == "city":
            # a city names the country of a role word in its phrase ("Chicago police"), never an actor alone
            code = rec["code"]
            idx = len(d.entries)
            d.entries.append(Entry(idx, "city", code, code, label=(rec.get("names") or [code])[0]))
            _add_names(d, idx, rec.get("names", []), cs)
        elif kind == "actor":
            idx = len(d.entries)
            code = rec["code"]
            d.entries.append(
                Entry(idx, "actor", code, rec.get("country"), label=(rec.get("names") or [code])[0])
            )
            _add_names(d, idx, rec.get("names", []), cs)
            _add_names(d, idx, rec.get("adjectives", []), cs)
            d.actor_adjectives.update(a.lower() for a in rec.get("adjectives", []))
            aliases = rec.get("context_aliases", [])
            if aliases:
                cidx = len(d.entries)
                d.entries.append(
                    Entry(cidx, "actor", code, rec.get("country"), context=code, label=aliases[0])
                )
                _add_names(d, cidx, aliases, cs)
        elif kind == "person":
            idx = len(d.entries)
            dated = tuple(
                DatedCode(c["code"], _date(c.get("from")), _date(c.get("to"))) for c in rec.get("codes", [])
            )
            if not dated and rec.get("code"):
                dated = (DatedCode(rec["code"]),)
            d.entries.append(
                Entry(
                    idx,
                    "person",
                    dated[0].code if dated else None,
                    rec.get("country"),
                    dated=dated,
                    person=True,
                    label=(rec.get("names") or ["?"])[0],
                )
            )
            _add_names(d, idx, rec.get("names", []), cs)
        elif kind == "agent":
            role = rec["role"]
            persons = {w.lower() for w in rec.get("person_words", [])}
            generic = {w.lower() for w in rec.get("generic", [])}
            institutions = {w.lower() for w in rec.get("institution", [])}
            for word in rec.get("words", []):
                low = word.lower()
                idx = len(d.entries)
                d.entries.append(
                    Entry(
                        idx,
                        "agent",
                        None,
                        None,
                        role=role,
                        person=low in persons,
                        generic=low in generic,
                        institution=low in institutions,
                        label=low,
                    )
                )
                d.add_phrase(low, idx, exact=False)
                d.add_phrase(plural(low), idx, exact=False)
        else:
            raise ValueError(f"unknown actor dictionary record type {kind!r}: {rec}")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    records = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{n}: {exc}") from None
    return records


def imported_files(kind: str) -> list[Path]:
    """The imported dictionary files enabled for ``kind`` (``actors`` or ``verbs``) in
    ``tasks/data/imported/enabled.json``, in the order listed."""
    path = IMPORTED_DIR / "enabled.json"
    if not path.is_file():
        return []
    names = json.loads(path.read_text(encoding="utf-8")).get(kind, [])
    return [IMPORTED_DIR / n for n in names]


@lru_cache(maxsize=8)
def load_dictionary(extra: tuple[str, ...] = (), include_builtin: bool = True) -> ActorDictionary:
    """The built-in dictionaries plus extra JSONL files or folders (a user's own actors), once per process."""
    d = ActorDictionary()
    paths: list[Path] = (
        [*imported_files("actors"), *sorted(ACTOR_DIR.glob("*.jsonl"))] if include_builtin else []
    )
    for item in extra:
        p = Path(item)
        paths.extend(sorted(p.glob("*.jsonl")) if p.is_dir() else [p])
    for p in paths:
        parse_entries(read_jsonl(p), d)
    return d


# --------------------------------------------------------------------------------------------- resolution


def window_start(tok: Any, sentences_back: int) -> Any:
    """The first token of the sentence ``sentences_back`` sentences before ``tok``'s (of the document's first
    one when there are fewer): the reach of "it"/"they", "the two sides", "these accusations"."""
    start = tok.sent.start
    for _ in range(sentences_back):
        if start == 0:
            break
        start = tok.doc[start - 1].sent.start
    return tok.doc[start]


@dataclass(slots=True)
class Actor:
    """An actor as resolved in one document."""

    code: str
    name: str  # as written (the noun phrase)
    start: int  # char offsets of the phrase
    end: int
    country: str | None = None
    person: bool = False
    via: str = "dictionary"  # dictionary | role | context | coreference | private (a verb lets it act)

    def key(self) -> str:
        """What tells actors apart within one sentence: the code, and for a person also the name, so that
        "Volker and Morrison testified" (both USAGOV) is two actors and two events (coordination)."""
        return f"{self.code}|{' '.join(self.name.lower().split())}" if self.person else self.code

    def same(self, other: Actor) -> bool:
        return self.key() == other.key()


@dataclass(slots=True)
class Mention:
    head: int  # token index of the noun-phrase head
    actor: Actor
    agent_word: str | None  # the role word at the head ("spokesperson"), for "the spokesperson"


def combine(base: str, country: str | None, role: str | None, generic: bool, is_person: bool) -> str:
    """The code of a phrase with an owner (``base``) and maybe a role word.

    A person keeps its own code; a bare country takes any role ("Russian soldiers" → RUSMIL, "a Russian
    official" → RUSGOV); an actor with its own role keeps it for generic words ("spokesperson for the NSC"
    → USAGOV) and swaps the role otherwise.
    """
    if is_person or role is None:
        return base
    if country is not None and base == country:
        return base + role
    if generic:
        return base
    return compose(country, base, role) or base


def compose(country: str | None, base: str | None, role: str | None) -> str | None:
    """Join a country or actor code with a role, without repeating a role the code already has."""
    if base is None:
        return role
    if role is None or base.endswith(role):
        return base
    if country is None:  # an IGO or group keeps its own code ("EU foreign ministers" → EU)
        return base
    if base != country:  # base already carries its own role (USAGOV + MIL → USAMIL)
        return country + role
    return base + role


class ActorResolver:
    """Resolves tokens of one parsed document to actors.

    ``matches`` are the dictionary matches (start token, end token, entry idx) of the ``newsevents_actors``
    component. Results are cached per head token; :meth:`mentions_before` gives the actors named before a
    point, for pronouns and definite role words.
    """

    def __init__(
        self,
        doc: Any,
        dictionary: ActorDictionary,
        matches: Sequence[tuple[int, int, int]],
        published: date | None = None,
    ) -> None:
        self.doc = doc
        from tasks.nlp.components import doc_text

        self.text = doc_text(doc)  # Doc.text joins a new Token per token: read the recorded text once
        self.d = dictionary
        self.published = published
        self.token_match: dict[int, tuple[int, int, int]] = {}
        for m in matches:
            for i in range(m[0], m[1]):
                self.token_match[i] = m
        self.matches = list(matches)
        self._cache: dict[int, list[Actor]] = {}
        self._mentions: list[Mention] | None = None
        self.quote_speakers: list[tuple[int, int, Actor]] = []  # (start char, end char, speaker) of quotes
        self._main_country: str | None = None
        self._main_country_done = False
        self._persons: list[tuple[int, Actor | None]] | None = None  # (head, actor) of every person named
        self._aliases: dict[str, list[tuple[int, Actor]]] | None = None  # surname → (first token, actor)
        self._building_aliases = False
        self._datelines: list[tuple[int, int]] | None = None  # char spans of the text's datelines

    # ---------------------------------------------------------------------------- dictionary look-ups

    def entry_at(self, i: int) -> Entry | None:
        m = self.token_match.get(i)
        return self.d.entries[m[2]] if m else None

    def _entry_code(self, e: Entry) -> str | None:
        return e.code_on(self.published) if e.kind == "person" else e.code

    # ---------------------------------------------------------------------------- mentions (for coreference)

    def mentions(self) -> list[Mention]:
        """Every dictionary-resolved noun phrase in document order (heads of the matches)."""
        if self._mentions is None:
            self._mentions = []
            heads: list[int] = []
            for start, _end, _idx in self.matches:
                h = self.np_head(self.doc[start])
                if h.i in heads:
                    continue
                heads.append(h.i)
            for h_i in sorted(heads):
                tok = self.doc[h_i]
                actor = self._np(tok, 0, allow_coref=True)
                if actor is not None:
                    e = self.entry_at(tok.i)
                    word = e.label if e is not None and e.kind == "agent" else None
                    self._mentions.append(Mention(h_i, actor, word))
        return self._mentions

    def mentions_before(self, i: int) -> list[Mention]:
        ms = self.mentions()
        k = bisect_left([m.head for m in ms], i)
        return ms[:k]

    def np_head(self, tok: Any) -> Any:
        """Climb from a modifier to the head of its noun phrase ("White" → "spokesperson")."""
        steps = 0
        while tok.dep_ in ("compound", "amod", "poss", "nmod", "npadvmod") and tok.head != tok and steps < 4:
            # An adjective in a predicate ("is Russian") or a possessive that owns a different NP stays.
            tok = tok.head
            steps += 1
        return tok

    # ---------------------------------------------------------------------------- noun phrases

    def resolve(self, tok: Any, with_conjuncts: bool = True) -> list[Actor]:
        """Actors named by the noun phrase headed at ``tok`` (and its coordinated phrases)."""
        heads = [tok]
        if with_conjuncts:
            heads.extend(c for c in tok.conjuncts if c.i > tok.i)
        out: list[Actor] = []
        for h in heads:
            if h.pos_ == "PRON" and h.lower_ in ("they", "them", "their", "we", "us", "our"):
                group = self.pronoun_group(h)
                out.extend(a for a in group if not any(x.same(a) for x in out))
                continue
            pair = self.pair_group(h)
            if pair:
                out.extend(a for a in pair if not any(x.same(a) for x in out))
                continue
            a = self.resolve_one(h)
            if a is not None and not any(x.same(a) for x in out):
                out.append(a)
                for n in self._coordinated_nationalities(h, a):
                    if not any(x.same(n) for x in out):
                        out.append(n)
                if h.i not in self.token_match:
                    # "provocations from Kyiv and NATO": the owner's coordinated phrases too
                    for c in h.children:
                        if c.dep_ == "prep" and c.lower_ in ("from", "of", "by"):
                            for pobj in c.children:
                                if pobj.dep_ == "pobj" and pobj.i in self.token_match:
                                    for cj in pobj.conjuncts:
                                        b = self.resolve_one(cj)
                                        if b is not None and not any(x.same(b) for x in out):
                                            out.append(b)
        return out

    def _coordinated_nationalities(self, h: Any, a: Actor) -> list[Actor]:
        """ "The Russian and Syrian defence ministries": one actor per coordinated country modifier, the
        role kept (RUSMIL, SYRMIL), as coordinated nouns are (class 4 of issue #11)."""
        if not a.country or not a.code.startswith(a.country):
            return []
        out = []
        for c in h.children:
            e = self.entry_at(c.i) if c.dep_ in ("amod", "compound", "nmod") else None
            if e is None or e.kind != "country" or e.code != a.country:
                continue
            for cj in c.conjuncts:
                f = self.entry_at(cj.i)
                if f is not None and f.kind == "country" and f.code and f.code != a.country:
                    out.append(replace(a, code=f.code + a.code[len(a.country) :], country=f.code))
        return out

    def pair_group(self, h: Any) -> list[Actor]:
        """A pair noun with "the two" or "both" (``pair_nouns``: "the two sides", "both countries") stands for
        the last two actors named together ("the United States and China") within the two sentences before."""
        if h.pos_ != "NOUN" or not singulars(h.lower_) & word_list("pair_nouns"):
            return []
        if not any(
            (c.dep_ == "nummod" and c.lower_ == "two")
            or (c.dep_ in ("det", "predet", "preconj") and c.lower_ == "both")
            for c in h.children
        ):
            return []
        if h.i in self.token_match:
            return []  # a dictionary phrase ("both governments" is no phrase, "the two Koreas" is)
        floor = window_start(h, 2).i
        for m in reversed(self.mentions_before(h.i)):
            if m.head < floor:
                break
            actors = self._group_as(self.doc[m.head], h)
            if len(actors) == 2:
                return actors
        return []

    def _group_as(self, head: Any, tok: Any) -> list[Actor]:
        """The actors of the coordinated group headed at ``head`` (one per code, in text order), as named
        by ``tok`` ("they", "the two sides"): a coreference."""
        actors: list[Actor] = []
        for g in sorted([head, *head.conjuncts], key=lambda t: t.i):
            a = self.resolve_one(g)
            if a is not None and not any(x.code == a.code for x in actors):
                name = {"name": tok.text, "start": tok.idx, "end": tok.idx + len(tok.text)}
                actors.append(replace(a, **name, via="coreference"))
        return actors

    def pronoun_group(self, tok: Any) -> list[Actor]:
        """A plural pronoun ("their summit") stands for the last coordinated group of actors, if any."""
        if tok.lower_ in FIRST_PRONOUNS:
            a = self._pronoun(tok)
            return [a] if a else []
        before = self.mentions_before(tok.i)
        if before and tok.lower_ in ("they", "them", "their", "theirs", "themselves"):
            actors = self._group_as(self.doc[before[-1].head], tok)
            if len(actors) > 1:
                return actors
        a = self._pronoun(tok)
        return [a] if a else []

    def resolve_one(self, tok: Any) -> Actor | None:
        if tok.i in self._cache:
            found = self._cache[tok.i]
            return found[0] if found else None
        actor = self._pronoun(tok) if tok.pos_ == "PRON" or tok.lower_ in RELATIVE_PRONOUNS else None
        if actor is None and tok.pos_ != "PRON":
            actor = self._np(tok, 0, allow_coref=True)
        self._cache[tok.i] = [actor] if actor else []
        return actor

    def _np(self, h: Any, depth: int, allow_coref: bool) -> Actor | None:
        """Country/actor/person plus role found in the phrase headed at ``h``."""
        if h.pos_ in ("VERB", "AUX"):
            # a participle the parser made the head ("The Red Cross operating in Iraq said"): its subject
            subj = next((c for c in h.children if c.dep_ == "nsubj"), None)
            return self._np(subj, depth + 1, allow_coref) if subj is not None and depth < 2 else None
        base: Entry | None = None
        base_code: str | None = None
        base_actor: Actor | None = None
        role: str | None = None
        role_entry: Entry | None = None
        head_entry = self.entry_at(h.i)
        # A quantity head ("tens of thousands of troops") stands for its "of" object.
        if head_entry is None and h.lower_ in QUANTITY_NOUNS:
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ == "of":
                    for p in c.children:
                        if p.dep_ == "pobj":
                            return self._np(p, depth + 1, allow_coref)
        if head_entry is not None:
            if head_entry.kind == "agent":
                role, role_entry = head_entry.role, head_entry
            elif head_entry.context is None or self._context_ok(head_entry):
                base = head_entry
        modifiers = [c for c in h.children]
        # one level deeper through compounds: "Japanese Defence Minister Kihara" (Japanese → Minister)
        modifiers += [
            g
            for c in h.children
            if c.dep_ in ("compound", "amod", "nmod")
            for g in c.children
            if g.dep_ in ("amod", "compound", "nmod") and g.i < h.i
        ]
        # a person's apposition says who they are: "Tim Morrison, another top NSC aide"
        appositions = [c for c in h.children if c.dep_ == "appos"] if h.ent_type_ == "PERSON" else []
        # (only when the apposition is a role: "a Ukraine specialist" is about Ukraine, not from it)
        modifiers += [
            g
            for c in appositions
            if c.i in self.token_match
            for g in c.children
            if g.dep_ in ("amod", "compound", "nmod", "poss")
        ]
        for c in modifiers:
            if c.dep_ == "appos" and appositions and singulars(c.lower_) & topic_heads():
                continue  # "Lt Col Alexander Vindman, a Ukraine specialist": a topic, not a nationality
            if c.dep_ in NP_MODIFIERS or (c.dep_ == "det" and c.tag_ == "WP$"):
                if c.i in self.token_match and self.token_match.get(c.i) == self.token_match.get(h.i):
                    continue
                e = self._modifier_entry(c)
                if e is None:
                    if c.dep_ == "poss" and c.pos_ == "PRON" and base is None:
                        owner = self._pronoun(c)
                        if owner is not None:
                            base_actor = base_actor or owner
                    elif c.dep_ == "poss" and c.pos_ == "PROPN" and base is None and role_entry is not None:
                        # "Weeks' family": the family of the Australian named before, not the main country's
                        owner = self._person_alias(c)
                        if owner is not None and owner.country:
                            base_actor = base_actor or owner
                    continue
                if e.kind == "agent":
                    in_org_name = c.dep_ == "compound" and head_entry is None and h.ent_type_ == "ORG"
                    if in_org_name and not singulars(h.lower_) & actor_heads():
                        continue  # "NASA's Jet Propulsion Laboratory" is no military (actor_heads.txt)
                    if role is None or (role_entry is not None and role_entry.generic and not e.generic):
                        role, role_entry = e.role, e
                elif base is None and (e.context is None or self._context_ok(e)):
                    base = e
        owner_tok = None
        if base is None and base_actor is None and depth < 2:
            for c in [*h.children, *(g for a in appositions for g in a.children)]:
                if c.dep_ == "prep" and c.lower_ in NP_OWNER_PREPS:
                    for p in c.children:
                        if p.dep_ == "pobj":
                            sub = self._np(p, depth + 1, allow_coref=False)
                            if sub is not None and role is None and self.is_city(p):
                                continue  # "a conference in San Francisco": a city owns role words only
                            if sub is not None:
                                base_actor, owner_tok = sub, p
                                break
                if base_actor is not None:
                    break
        brand = any(
            c.dep_ == "compound" and c.ent_type_ == "ORG" and c.i not in self.token_match for c in h.children
        )
        if base is not None and base is head_entry and base.kind == "country" and role is None and brand:
            role = "BUS"  # "Lexus Philippines", "Samsung India": a company's branch in that country
        generic = role_entry is not None and role_entry.generic
        person = role_entry is not None and role_entry.person
        ethnic = False
        if base is not None and base is head_entry and base.kind == "country" and h.lower_ in self.d.people:
            # "Albanians in south Serbia", "Bosnian Serbs": a people is coded where it lives (CAMEO's rule)
            residence = self._residence(h, base)
            if residence is not None:
                base = residence
            else:
                ethnic = any(c.lower_ == "ethnic" for c in h.children)
        if base is not None and base.kind == "city" and role is None and depth == 0:
            return None  # "Chicago beat Boston": a city is the owner of a role word, never an actor alone
        if base is not None:
            base_code = self._entry_code(base)
            if base_code is None:
                return None
            country = base.country or (base_code[:3] if base.kind == "country" else None)
            private = h.ent_type_ == "PERSON" and head_entry is None  # a name, not "Bosnian Serbs"
            if base.kind in ("country", "city") and role is None and private:
                role = "CVL"  # "Martin Taylor of Aylesbury": a private person of that country (CAMEO's CVL)
            code = combine(base_code, country, role, generic, base.kind == "person")
            via = "context" if base.context else ("ethnic" if ethnic else "dictionary")
            return self._actor(h, code, country, person=base.person or person, via=via)
        if base_actor is not None:
            if (
                role in roles()["state"]
                and owner_tok is not None
                and singulars(owner_tok.lower_) & word_list("private_body_nouns")
            ):
                role = None  # "president of the prison workers' union" is the union's, not the state's
            code = combine(
                base_actor.code, base_actor.country, role, generic, base_actor.person and role is None
            )
            if h.ent_type_ == "PERSON" and head_entry is None and role is None and code == base_actor.country:
                code += "CVL"  # "Martin Taylor of Britain": a private person of that country
            return self._actor(
                h, code, base_actor.country, person=person or base_actor.person, via=base_actor.via
            )
        if role_entry is not None and head_entry is role_entry:
            if role_entry.institution and is_definite(h):
                # "called on the government to respect ...": the country the sentence points to
                country = self.context_country(h)
                if country is not None:
                    return self._actor(h, country + (role or ""), country, person=False, via="context")
            if not role_entry.generic and role != "GOV":
                # "the rebels", "police": the article's main country, when it has one
                main = self.main_country()
                if main is not None:
                    return self._actor(h, main + (role or ""), main, person=role_entry.person, via="context")
                return self._actor(h, role or "", None, person=role_entry.person, via="role")
            if allow_coref and depth == 0 and is_definite(h):
                prior = self._same_role_before(h.i, role_entry)
                if prior is not None:
                    return self._actor(
                        h, prior.code, prior.country, person=role_entry.person, via="coreference"
                    )
        if head_entry is None and self._lone_name(h) and role_entry is None:
            return self._person_alias(h)  # "Volker and Morrison said": surnames the tagger missed
        if head_entry is None and h.ent_type_ == "PERSON":
            alias = self._person_alias(h)
            if alias is not None or role_entry is None or not role_entry.person:
                return alias
            # a person with a title and no country ("Sen. Ted Cruz", "Kurt Volker, the special envoy"):
            # the article's main country, as for a bare role word (rule 5); not when the title belongs to a
            # body the dictionary does not know ("president and chief operating officer of SpaceX")
            if self._unknown_owner([h, *appositions]):
                return None
            main = self.main_country()
            if main is not None:
                return self._actor(h, main + (role or ""), main, person=True, via="context")
            return self._actor(h, role or "", None, person=True, via="role")
        return None

    def _unknown_owner(self, toks: list[Any]) -> bool:
        """Whether a title in these tokens belongs to an organisation the dictionary does not code ("of
        SpaceX", "director for games at Google", "InfoNation President Dan McDowell", "the company's",
        "vice president, Nissan Sales")."""
        for t in toks:
            for c in t.subtree if t.dep_ == "appos" else t.children:
                owners: list[Any] = []
                if c.dep_ == "pobj":
                    owners = [c]
                elif c.dep_ == "prep":
                    owners = [p for p in c.children if p.dep_ == "pobj"]
                elif c.dep_ in ("poss", "compound") and c.pos_ != "PRON" and c.i < t.i:
                    owners = [c] if c.dep_ == "poss" or c.ent_type_ == "ORG" else []
                    if not owners:  # "InfoNation President Dan McDowell": the company names the title
                        owners = [
                            g
                            for g in c.subtree
                            if g.i < c.i
                            and g.dep_ in ("compound", "poss")
                            and (g.ent_type_ == "ORG" or (g.pos_ == "PROPN" and g.ent_type_ == ""))
                        ]  # "Wikileaks co-founder Julian Assange", the name the recogniser left untagged
                elif t.dep_ == "appos" and c.dep_ in ("conj", "appos") and c.ent_type_ == "ORG":
                    owners = [c]  # "division vice president, Nissan Sales & Regional Operations"
                for o in owners:
                    company = bool(singulars(o.lower_) & word_list("private_body_nouns"))  # "the tech giant"
                    named = o.ent_type_ in ("ORG", "FAC") or o.pos_ == "PROPN" or company
                    entry = self.entry_at(o.i)
                    civil = entry is not None and entry.kind == "agent" and entry.role in roles()["civil"]
                    # part of a dictionary phrase ("House Speaker"), unless a civil body ("research firm")
                    known = o.i in self.token_match and not civil
                    other = o.ent_type_ not in ("GPE", "NORP", "PERSON")
                    if named and not known and other and (civil or self.resolve_one(o) is None):
                        return True
        return False

    def named_person(self, h: Any) -> bool:
        """Whether ``h`` names a person: a PERSON entity, or a lone proper noun that is the surname of a
        person the text named before ("The suspect, Michael Webb, ... officers arrested Webb", where the
        tagger labels the second "Webb" nothing, or part of a WORK_OF_ART)."""
        if h.pos_ != "PROPN":
            return False
        if h.ent_type_ == "PERSON":
            return True
        if h.ent_type_ in ("GPE", "LOC", "NORP", "FAC") and not self._lone_name(h):
            return False
        return any(
            e.label_ == "PERSON" and e.end <= h.i and len(e) > 1 and e[-1].lower_ == h.lower_
            for e in self.doc.ents
        )

    def civilian(self, h: Any, via: str = "role") -> Actor | None:
        """A private person named at ``h``: a civilian of the article's main country (``USACVL``). ``via``
        "private" marks a subject a verb pattern lets act (``private_source``: a plea, a testimony)."""
        main = self.main_country()
        if main is None:
            return None
        return self._actor(h, main + "CVL", main, person=True, via=via)

    def can_act(self, h: Any) -> bool:
        """Whether the phrase headed at ``h`` can be the source of an event: a name, a role word, a pronoun,
        a quantity of people, a person or group noun (``actor_heads.txt``, or a plural noun of people:
        "farmers", "inhabitants", "activists"). "Norway's oil production beat forecasts" and "Trump's request
        was inappropriate" have things as subjects, whatever their possessors (CAMEO still codes the
        possessor of an object: "supports Turkey's efforts" targets Turkey)."""
        if h.lower_ in QUANTITY_NOUNS:
            return True
        entry = self.entry_at(h.i)
        if entry is not None and entry.kind == "agent" and h.pos_ == "NOUN":
            return True  # a role word, whatever the tagger says: "Officers arrested Webb" tagged WORK_OF_ART
        if h.ent_type_ in THING_ENTITIES:
            return False
        if h.pos_ in ("PROPN", "PRON") or h.ent_type_ in ("PERSON", "ORG", "NORP", "GPE", "FAC"):
            return True
        if h.pos_ != "NOUN" or self.entry_at(h.i) is not None:
            return True
        if PEOPLE_PLURAL.search(h.lower_):
            return True
        return bool(singulars(h.lower_) & actor_heads())

    # ---------------------------------------------------------------------------- people named in the text

    def _lone_name(self, h: Any) -> bool:
        """A proper noun the tagger did not take for a person: untagged, a one-word ORG ("Volker and
        Morrison said", tagged ORG) or a one-word GPE that the dictionary does not know as a place
        ("Sondland's role", "Petrova urged", tagged GPE), which may be the surname of a person introduced
        before."""
        if h.pos_ != "PROPN":
            return False
        return not h.ent_type_ or (
            h.ent_type_ in ("ORG", "GPE")
            and h.ent_iob_ == "B"
            and (h.i + 1 >= len(h.doc) or h.doc[h.i + 1].ent_iob_ != "I")
            and (h.ent_type_ == "ORG" or h.i not in self.token_match)
        )

    def _person_key(self, h: Any) -> tuple[int, str] | None:
        """(first token, surname) of the PERSON entity around ``h`` (or of a lone proper noun)."""
        if h.ent_type_ != "PERSON":
            return (h.i, h.lower_) if self._lone_name(h) else None
        start = h.i
        while start > 0 and self.doc[start].ent_iob_ == "I":
            start -= 1
        end = h.i + 1
        while end < len(self.doc) and self.doc[end].ent_iob_ == "I":
            end += 1
        last = self.doc[end - 1]
        while last.i > start and (last.is_punct or last.lower_ in ("'s", "’s")):
            last = self.doc[last.i - 1]
        return start, last.lower_

    def _build_persons(self) -> None:
        """Every person the text names, in order, coded from their introduction ("Brazilian Defence Minister
        Ana Souza", "U.S. Ambassador Gordon Sondland") when it says who they are; later mentions by surname
        take the same code."""
        self._aliases = {}
        self._persons = []
        self._building_aliases = True
        try:
            seen: set[int] = set()
            for ent in self.doc.ents:
                if ent.label_ != "PERSON":
                    continue
                h = ent.root
                if h.i in seen:
                    continue
                seen.add(h.i)
                actor = self.resolve_one(h) if h.i in self._cache else self._np(h, 0, allow_coref=False)
                key = self._person_key(h)
                if actor is None and key is not None:
                    actor = self._alias_before(key[0], key[1])
                elif actor is not None and key is not None and len(ent) >= 1:
                    self._aliases.setdefault(key[1], []).append((key[0], actor))
                self._persons.append((h.i, actor))
            for m in self.mentions():
                if m.actor.person and m.head not in seen:
                    self._persons.append((m.head, m.actor))
            self._persons.sort(key=lambda t: t[0])
        finally:
            self._building_aliases = False

    def _alias_before(self, start: int, surname: str) -> Actor | None:
        assert self._aliases is not None
        found = [a for s, a in self._aliases.get(surname, []) if s < start]
        return found[-1] if found else None

    def _person_alias(self, h: Any) -> Actor | None:
        """A person named by surname (or full name again) after an introduction that coded them."""
        if self._building_aliases:
            return None
        if self._aliases is None:
            self._build_persons()
        key = self._person_key(h)
        if key is None:
            return None
        a = self._alias_before(key[0], key[1])
        if a is None:
            return None
        return self._actor(h, a.code, a.country, person=True, via="coreference")

    def _near(self, i: int, tok: Any) -> bool:
        """Whether token ``i`` is in the sentence of ``tok`` or the one before it (for "it"/"they")."""
        return i >= window_start(tok, 1).i

    def _last_subject(self, tok: Any, people: list[tuple[int, Actor | None]]) -> tuple[bool, Actor | None]:
        """A subject "he"/"she" with no person of its own sentence before it stands for the last person who
        was a subject in the sentences before, over a person named later as an object ("Carlineo pleaded
        guilty to threatening to assault a United States official. ... He was arrested in April": he is
        Carlineo), within :data:`SUBJECT_SENTENCES` sentences. Returns (found, that person's actor); the
        actor is None when that subject is uncoded, and then the pronoun is uncoded too."""
        if tok.dep_ not in ("nsubj", "nsubjpass"):
            return False, None
        sent = tok.sent
        if people[-1][0] >= sent.start:
            return False, None
        floor = sent.start
        for _ in range(SUBJECT_SENTENCES):
            if floor == 0:
                break
            floor = self.doc[floor - 1].sent.start
        for i, a in reversed(people):
            if i < floor:
                break
            if self.doc[i].dep_ in ("nsubj", "nsubjpass"):
                return True, a
        return False, None

    def _previous_subject(self, tok: Any, people: list[tuple[int, Actor | None]]) -> Actor | None:
        """A subject "he"/"she" that opens its clause before any person of its own sentence is named stands
        for the subject of the sentence before, when that subject is a person ("Volker told the committee he
        tried to convince him that the new Ukrainian president was not corrupt. However, he said ...": he is
        Volker, not the president named last)."""
        sent = tok.sent
        if tok.dep_ not in ("nsubj", "nsubjpass") or sent.start == 0 or people[-1][0] >= sent.start:
            return None
        before = self.doc[sent.start - 1].sent
        for c in before.root.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "PROPN":
                a = self.resolve_one(c)
                return a if a is not None and a.person else None
        return None

    def persons_before(self, i: int) -> list[tuple[int, Actor | None]]:
        """People named before token ``i`` (coded or not), for "he"/"she"."""
        if self._persons is None:
            self._build_persons()
        assert self._persons is not None
        k = bisect_left([p[0] for p in self._persons], i)
        return self._persons[:k]

    def main_country(self) -> str | None:
        """The country named most often in the document, by itself or through its bodies and leaders (first
        named on ties), for role words without one."""
        if not self._main_country_done:
            self._main_country_done = True
            counts: dict[str, int] = {}
            cities: dict[str, int] = {}  # counted only when the article names no country at all
            for _s, _e, idx in self.matches:
                e = self.d.entries[idx]
                country = e.code if e.kind == "country" else e.country  # "the U.S. Senate" names the USA too
                if country and e.kind != "agent" and e.context is None:
                    table = cities if e.kind == "city" else counts
                    table[country] = table.get(country, 0) + 1
            counts = counts or cities
            self._main_country = max(counts, key=lambda c: counts[c]) if counts else None  # first max wins
        return self._main_country

    def _residence(self, h: Any, people: Entry) -> Entry | None:
        """The country a people named at ``h`` lives in, when the phrase says so: another country's
        adjective ("Bosnian Serbs") or an "in"/"of" place ("Albanians in south Serbia")."""
        for c in h.children:
            if c.dep_ in ("amod", "compound", "nmod") and c.i < h.i:
                e = self.entry_at(c.i)
                if e is not None and e.kind == "country" and e.code != people.code:
                    return e
            if c.dep_ == "prep" and c.lower_ in ("in", "of"):
                for p in c.children:
                    e = self.entry_at(p.i) if p.dep_ == "pobj" else None
                    if e is not None and e.kind == "country" and e.code != people.code:
                        return e
        return None

    def context_country(self, h: Any) -> str | None:
        """The country a bare "the government" at ``h`` belongs to.

        A non-state subject of the clause ("opposition leaders called on the government") means its own
        country. Otherwise the country named last before ``h`` in the sentence that is not the country of a
        subject of the clauses above ``h`` ("Washington ... its cooperation with Georgia and called on the
        government" → GEO); else the country the article names most often.
        """
        excluded: set[str] = set()
        tok = h
        for _ in range(8):
            head = tok.head
            if head == tok:
                break
            tok = head
            if tok.pos_ not in ("VERB", "AUX"):
                continue
            for c in tok.children:
                if c.dep_ != "nsubj" or c.i >= h.i:
                    continue
                subj = self.resolve_one(c)
                if subj is None or subj.country is None:
                    continue
                if len(subj.code) > 3 and subj.code[3:6] not in STATE_ROLES and subj.code[:3] == subj.country:
                    return subj.country  # protesters, opposition, unions: their own government
                excluded.add(subj.country)
        start = h.sent.start
        for m_start, _m_end, idx in reversed(self.matches):
            if m_start >= h.i:
                continue
            if m_start < start:
                break
            e = self.d.entries[idx]
            country = e.country if e.kind != "country" else e.code
            if e.kind != "agent" and country and country not in excluded and e.context is None:
                return country
        return self.main_country()

    def is_city(self, tok: Any) -> bool:
        """Whether ``tok`` is matched by a ``city`` entry (a city names a country only for role words)."""
        e = self.entry_at(tok.i)
        return e is not None and e.kind == "city"

    def _modifier_entry(self, c: Any) -> Entry | None:
        e = self.entry_at(c.i)
        if e is not None:
            return e
        # "Russian-Ukrainian" or "US-led": the first matched token among the modifier's own children.
        for cc in c.children:
            if cc.dep_ in ("compound", "amod", "npadvmod", "nmod") and cc.i in self.token_match:
                return self.entry_at(cc.i)
        return None

    def _context_ok(self, e: Entry) -> bool:
        """A context alias counts only when its actor is named (by a non-alias name) in the article."""
        for _s, _e, idx in self.matches:
            other = self.d.entries[idx]
            if other.context is None and other.code == e.context:
                return True
        return False

    def _same_role_before(self, i: int, role_entry: Entry) -> Actor | None:
        """For "the spokesperson": the last actor named with the same word, else the last one of the role."""
        before = self.mentions_before(i)
        for m in reversed(before):
            if m.agent_word == role_entry.label and m.actor.via != "coreference":
                return m.actor
        for m in reversed(before):
            if m.actor.code.endswith(role_entry.role or "") and len(m.actor.code) > 3:
                return m.actor
        return None

    def _actor(self, h: Any, code: str, country: str | None, person: bool, via: str) -> Actor:
        left, right = self._np_bounds(h)
        text = self.text[left:right]
        return Actor(code=code, name=text, start=left, end=right, country=country, person=person, via=via)

    def _np_bounds(self, h: Any) -> tuple[int, int]:
        """Char span of the phrase: the head with its left modifiers and owner prepositions."""
        left = h
        for c in h.lefts:
            if c.dep_ in NP_MODIFIERS or c.dep_ == "det":
                left = c.left_edge if c.left_edge.i < left.i else left
                break
        right_i = h.i
        for c in h.rights:
            if (c.dep_ == "prep" and c.lower_ in NP_OWNER_PREPS) or c.dep_ in ("compound", "appos"):
                right_i = max(right_i, c.right_edge.i)
        right = self.doc[right_i]
        while right_i > h.i and (right.is_punct or right.is_space):
            right_i -= 1
            right = self.doc[right_i]
        # a dateline is no part of a name: "HANOI, Vietnam (AP) — U.S. Defense Secretary Mark Esper" (the
        # parser may hang the name on the dateline) is "U.S. Defense Secretary Mark Esper", "(CNN)President
        # Donald Trump" is "President Donald Trump"
        start, end = left.idx, right.idx + len(right.text)
        if self._datelines is None:
            self._datelines = dateline_spans(self.text)
        for a, b in self._datelines:
            if a <= start < b < end:
                start = b + len(self.text[b:end]) - len(self.text[b:end].lstrip())
        if left.i < right_i and ")" in left.text[:-1] and start == left.idx:
            start += left.text.index(")") + 1  # an outlet glued on: "(CNN)President"
        return start, end

    # ---------------------------------------------------------------------------- pronouns

    def _pronoun(self, tok: Any) -> Actor | None:
        low = tok.lower_
        if low in RELATIVE_PRONOUNS:
            # "the troops who crossed": the relative clause's head noun.
            verb = tok.head
            if verb.dep_ == "relcl" and verb.head != tok:
                return self.resolve_one(verb.head)
            return None
        if low in FIRST_PRONOUNS:
            for start, end, speaker in self.quote_speakers:
                if start <= tok.idx < end:
                    return Actor(
                        speaker.code,
                        tok.text,
                        tok.idx,
                        tok.idx + len(tok.text),
                        speaker.country,
                        speaker.person,
                        "coreference",
                    )
            return None
        if low not in PERSON_PRONOUNS and low not in THING_PRONOUNS:
            return None
        person = low in PERSON_PRONOUNS
        if person and not self._building_aliases:
            # "he"/"she": the last person named; when the text has not coded that person, neither is the
            # pronoun (it must not take the code of someone named earlier)
            # a person named by a word of the other sex ("his daughter" for "he") is not the antecedent
            other = FEMALE_WORDS if low in MALE_PRONOUNS else MALE_WORDS
            people = [
                (i, a) for i, a in self.persons_before(tok.i) if a is None or _head_word(a.name) not in other
            ]
            if not people:
                return None
            a = self._previous_subject(tok, people)
            if a is None:
                found, subject = self._last_subject(tok, people)
                a = subject if found else people[-1][1]
            if a is None:
                return None
            return Actor(
                a.code, tok.text, tok.idx, tok.idx + len(tok.text), a.country, a.person, "coreference"
            )
        before = self.mentions_before(tok.i)
        # Skip mentions inside the pronoun's own clause when they are its object ("Russia said it ...")
        # is fine: the subject of the governing clause is the usual antecedent and comes first anyway.
        for m in reversed(before):
            if person and not m.actor.person:
                continue
            if not person and m.actor.person and low in ("it", "its", "itself"):
                continue
            if not self._near(m.head, tok):
                return None  # "it"/"they" far from any actor: a thing, not the actor named paragraphs ago
            a = m.actor
            return Actor(
                a.code, tok.text, tok.idx, tok.idx + len(tok.text), a.country, a.person, "coreference"
            )
        return None


def is_definite(h: Any) -> bool:
    """Whether the noun at ``h`` has a definite determiner ("the call", "this decision", "that body")."""
    return any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in h.children)


def _head_word(name: str) -> str:
    """The head word of a person's phrase as written: the last word before "of" ("the daughter of the
    Ukrainian ambassador" → daughter), else the last word ("his daughter" → daughter)."""
    words = name.lower().split()
    if "of" in words[1:]:
        words = words[: words.index("of", 1)]
    return words[-1] if words else ""


# --------------------------------------------------------------------------------------------- matching


def _word_file(name: str) -> frozenset[str]:
    path = ACTOR_DIR / name
    words = (ln.strip().lower() for ln in path.read_text(encoding="utf-8").splitlines())
    return frozenset(w for w in words if w and not w.startswith("#"))


@lru_cache(maxsize=1)
def actor_heads() -> frozenset[str]:
    """Common nouns that can head an actor phrase (``actor_heads.txt``)."""
    return _word_file("actor_heads.txt")


@lru_cache(maxsize=1)
def topic_heads() -> frozenset[str]:
    """Nouns of people defined by a subject ("a Ukraine specialist"; ``topic_heads.txt``)."""
    return _word_file("topic_heads.txt")


def build_matchers(vocab: Any, d: ActorDictionary) -> tuple[Any, Any, list[list[int]]]:
    """Two PhraseMatchers (LOWER and ORTH) whose match ids index ``phrase_entries``."""
    from spacy.matcher import PhraseMatcher
    from spacy.tokenizer import Tokenizer

    tokenizer = _plain_tokenizer(vocab)
    phrase_entries: list[list[int]] = []
    lower = PhraseMatcher(vocab, attr="LOWER")
    exact = PhraseMatcher(vocab, attr="ORTH")
    for table, matcher in ((d.lower_phrases, lower), (d.exact_phrases, exact)):
        for text, ids in table.items():
            key = f"newsevents_actor_{len(phrase_entries)}"
            phrase_entries.append(ids)
            docs = [tokenizer(text)]
            if matcher is lower and "." in text:
                # "sen." tokenises as "sen ." but "Sen." in a text is one token (an abbreviation)
                titled = tokenizer(text.title())
                if len(titled) != len(docs[0]):
                    docs.append(titled)
            matcher.add(key, docs)
    del Tokenizer
    return lower, exact, phrase_entries


_TOKENIZERS: dict[int, Any] = {}


def _plain_tokenizer(vocab: Any) -> Any:
    """The English tokenizer (rules only) for the vocab: patterns tokenise as texts do."""
    from spacy.lang.en import English

    key = id(vocab)
    if key not in _TOKENIZERS:
        nlp = English(vocab=vocab)
        _TOKENIZERS[key] = nlp.tokenizer
    return _TOKENIZERS[key]


_MATCH_KEY = re.compile(r"newsevents_actor_(\d+)$")


def find_matches(
    doc: Any, lower: Any, exact: Any, phrase_entries: list[list[int]], d: ActorDictionary
) -> list[tuple[int, int, int]]:
    """Dictionary matches in ``doc``: longest first, no overlaps, by position → (start, end, entry idx).

    Matches inside a dateline ("BEIRUT, Lebanon (AP) —") are dropped: the place a report was filed from is
    not an actor of its events."""
    found: list[tuple[int, int, int]] = []
    strings = doc.vocab.strings
    for matcher in (lower, exact):
        for match_id, start, end in matcher(doc):
            m = _MATCH_KEY.match(strings[match_id])
            if m is None:
                continue
            ids = phrase_entries[int(m.group(1))]
            found.append((start, end, _prefer(ids, d)))
    found.sort(key=lambda t: (-(t[1] - t[0]), t[0]))
    taken: set[int] = set()
    kept: list[tuple[int, int, int]] = []
    for start, end, idx in found:
        if any(i in taken for i in range(start, end)):
            continue
        taken.update(range(start, end))
        kept.append((start, end, idx))
    kept.sort()
    kept = [
        m
        for m in kept
        if not _other_person(doc, m, d)
        and not _role_word_as_surname(doc, m, d)
        and not _place_in_name(doc, m, d)
        and not _actor_adjective_in_name(doc, m, d)
    ]
    matched = {i for a, b, _ in kept for i in range(a, b)}
    kept = [m for m in kept if not _country_in_org_name(doc, m, d, matched)]
    from tasks.nlp.components import doc_text

    spans = dateline_spans(doc_text(doc)) if kept else []
    if spans:
        kept = [m for m in kept if not any(a <= doc[m[0]].idx < b for a, b in spans)]
    return kept


def _role_word_as_surname(doc: Any, m: tuple[int, int, int], d: ActorDictionary) -> bool:
    """A role word that is the surname of a person named in full: "Kevin King", "Martin Luther King" are no
    monarchs. Only a one-token role match that ends a PERSON entity of two or more tokens, after a proper
    noun; a title comes first ("King Abdullah", "Crown Prince Mohammed bin Salman")."""
    start, end, idx = m
    if d.entries[idx].kind != "agent" or end - start != 1:
        return False
    tok = doc[start]
    if tok.ent_type_ != "PERSON" or tok.ent_iob_ != "I" or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
        return False
    last = tok.i + 1 >= len(doc) or doc[tok.i + 1].ent_iob_ != "I"
    return last and doc[tok.i - 1].pos_ == "PROPN"


def _other_person(doc: Any, m: tuple[int, int, int], d: ActorDictionary) -> bool:
    """A known surname inside another person's name: "Jonathan P. Blair" is not Tony Blair, "Hunter Biden"
    not Joe Biden. Only a one-token match of a person inside a longer PERSON entity whose first name differs
    from the dictionary name's is dropped ("Donald J. Trump" stays Donald Trump)."""
    start, end, idx = m
    e = d.entries[idx]
    if e.kind != "person" or end - start != 1 or doc[start].ent_type_ != "PERSON":
        return False
    first = start
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    known = (e.label or "").split()
    if len(known) < 2:
        return False
    if first == start:
        # a lone surname where the article names only other people of that surname ("Jonathan P. Blair ...
        # Blair said"), their given names read off the longer PERSON entities (titles skipped)
        given_names = set()
        for ent in doc.ents:
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text == doc[start].text:
                words = [t.text.lower().rstrip(".") for t in ent[:-1]]
                words = [w for w in words if w not in word_list("honorifics") and w not in d.lower_phrases]
                if words:
                    given_names.add(words[0])
        return bool(given_names) and known[0].lower() not in given_names
    given = doc[first].text.lower().rstrip(".")
    return len(given) > 1 and given != known[0].lower()


def _actor_adjective_in_name(doc: Any, m: tuple[int, int, int], d: ActorDictionary) -> bool:
    """An actor's adjective (``adjectives`` of an actor entry) that begins a proper name is part of the name:
    "the Western District of New York", "Western Sahara", "Western Australia" are not the West ("Western
    governments" stays)."""
    start, end, _idx = m
    tok = doc[start]
    return (
        end - start == 1
        and tok.lower_ in d.actor_adjectives
        and tok.dep_ == "compound"
        and tok.head.pos_ == "PROPN"
        and tok.head.i > tok.i
    )


def _place_in_name(doc: Any, m: tuple[int, int, int], d: ActorDictionary) -> bool:
    """A country's name or capital (or a city) inside a person's name is not the country: "Alexander
    Hamilton", "Georgia Smith"."""
    start, end, idx = m
    if d.entries[idx].kind not in ("country", "city") or not all(
        doc[i].ent_type_ == "PERSON" for i in range(start, end)
    ):
        return False
    # only inside a name of two or more words: the tagger calls a lone "Kiev" a person now and then
    first, last = start, end
    while first > 0 and doc[first].ent_iob_ == "I":
        first -= 1
    while last < len(doc) and doc[last].ent_iob_ == "I":
        last += 1
    if doc[last - 1].lower_ in d.people:
        return False  # "Bosnian Serbs": a people the tagger took for a person
    if last - first >= 2 and last - first > end - start:
        return True
    # a lone capital the text also names as a person's surname ("Ian Hamilton ... Hamilton said")
    name = doc[start:end].text
    return any(
        ent.label_ == "PERSON" and len(ent) > end - start and ent.text.endswith(name) for ent in doc.ents
    )


def _country_in_org_name(doc: Any, m: tuple[int, int, int], d: ActorDictionary, matched: set[int]) -> bool:
    """A country inside an organisation's name is not the country when nothing else in the name is a
    body the dictionary knows or a group (``actor_heads.txt``): "American Airlines" and "the German Marshall
    Fund" are not their countries, while "the Russian Defence Ministry" (a role word) and "the Rwandan
    Patriotic Front" (a group) stay theirs."""
    start, end, idx = m
    if d.entries[idx].kind not in ("country", "city") or doc[start].ent_type_ != "ORG":
        return False
    ent = next((e for e in doc.ents if e.start <= start < e.end), None)
    if ent is None or ent.label_ != "ORG" or len(ent) <= end - start:
        return False
    if ent.end < len(doc) and ent.end in matched:
        return False  # the tagger cut a title short: "British Defence | Secretary Tom King"
    rest = [t for t in ent if not (start <= t.i < end) and not t.is_punct and t.lower_ not in ("the", "of")]
    heads = actor_heads()  # "the Rwandan Patriotic Front", "the Kosovo Liberation Army": groups
    known = any(t.i in matched or singulars(t.lower_) & heads for t in rest)
    return bool(rest) and not known


def _prefer(ids: list[int], d: ActorDictionary) -> int:
    """When one phrase names several entries, the later file (a user's own dictionary) wins."""
    return ids[-1]
