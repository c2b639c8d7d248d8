"""The verb dictionary: event patterns, verb classes, inflections and the coder's word lists.

Patterns come from ``tasks/data/verbs/*.jsonl``, verb classes from ``verb_classes.tsv``, irregular forms from
``irregular_verbs.tsv`` and the word lists (status words, reporting and speech verbs) from
``word_lists.json``; the folder's ``README.md`` describes each file. Everything is read once per process.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

VERB_DIR = Path(__file__).resolve().parents[1] / "data" / "verbs"
WORD_LISTS = VERB_DIR / "word_lists.json"


@lru_cache(maxsize=1)
def _word_lists() -> dict[str, frozenset[str]]:
    raw = json.loads(WORD_LISTS.read_text(encoding="utf-8"))
    out: dict[str, frozenset[str]] = {}
    for name, entry in raw.items():
        if name.startswith("_"):
            continue  # "_doc": the file's own description
        if not isinstance(entry, dict) or not isinstance(entry.get("words"), list):
            raise ValueError(f'{WORD_LISTS}: list {name!r} needs a "words" array')
        out[name] = frozenset(str(w) for w in entry["words"])
    return out


@cache
def word_list(name: str) -> frozenset[str]:
    """The word list ``name`` of ``word_lists.json`` (e.g. ``"plan_heads"``); KeyError for an unknown name."""
    lists = _word_lists()
    if name not in lists:
        raise KeyError(f"unknown word list {name!r} in {WORD_LISTS.name}; known: {', '.join(sorted(lists))}")
    return lists[name]


@dataclass(frozen=True, slots=True)
class Pattern:
    lemma: str
    pos: str  # verb | noun
    code: str | None
    prt: tuple[str, ...] = ()
    prep: tuple[str, ...] = ()
    pobj: tuple[str, ...] = ()
    object: tuple[str, ...] = ()
    object_actor: bool = False
    object_none: bool = False
    object_target: bool = False  # the matched object is also the target ("expel diplomats")
    xcomp: tuple[str, ...] = ()
    complement: tuple[str, ...] = ()  # the verb's adjective complement, "not" kept ("pleaded not guilty")
    modifier: tuple[str, ...] = ()
    target: tuple[str, ...] | None = None
    symmetric: bool = False
    light: bool = False
    undergoer: str | None = None  # the subject undergoes the act of this role ("faces charges": JUD)
    addressee: str | None = None  # with no target named, the act is addressed to this role (a plea: JUD)
    needs_target: bool = False  # no event without a target ("offered" to no one named)
    private_source: bool = False  # a private person named as the subject acts, as a civilian (a plea)
    negated: str | None = None  # the code when the clause is negated ("did not accept the plan": 127)
    individual: str | None = None  # the code when every target is a person or civilians (convicted: 173)

    @property
    def specificity(self) -> float:
        parts = (self.prt, self.prep, self.pobj, self.object, self.xcomp, self.complement, self.modifier)
        n = sum(1 for v in parts if v)
        n += int(self.object_actor) + int(self.object_none)
        return n + (0.5 if self.light else 0.0)


@dataclass(slots=True)
class VerbDictionary:
    verbs: dict[str, list[Pattern]] = field(default_factory=dict)  # lemma → patterns
    nouns: dict[str, list[Pattern]] = field(default_factory=dict)
    verb_forms: dict[str, set[str]] = field(default_factory=dict)  # surface form → lemmas
    noun_forms: dict[str, set[str]] = field(default_factory=dict)


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.lower(),)
    return tuple(str(v).lower() for v in value)


def verb_inflections(lemma: str, irregular: dict[str, list[str]]) -> set[str]:
    """Forms of a regular English verb (both doubling variants: only real words ever match)."""
    forms = {lemma}
    forms.update(irregular.get(lemma, []))
    if lemma.endswith(("s", "x", "z", "ch", "sh", "o")):
        forms.add(lemma + "es")
    elif lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        forms.add(lemma[:-1] + "ies")
    else:
        forms.add(lemma + "s")
    if lemma.endswith("e"):
        forms.update({lemma + "d", lemma[:-1] + "ing"})
        if lemma.endswith("ie"):
            forms.add(lemma[:-2] + "ying")
        if lemma.endswith("ee"):
            forms.add(lemma + "ing")
    elif lemma.endswith("y") and len(lemma) > 1 and lemma[-2] not in "aeiou":
        forms.update({lemma[:-1] + "ied", lemma + "ing"})
    else:
        forms.update({lemma + "ed", lemma + "ing"})
        if (
            len(lemma) > 2
            and lemma[-1] not in "aeiouwxy"
            and lemma[-2] in "aeiou"
            and lemma[-3] not in "aeiou"
        ):
            forms.update({lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"})
        if lemma.endswith("c"):
            forms.update({lemma + "ked", lemma + "king"})
    return forms


def noun_inflections(lemma: str) -> set[str]:
    from tasks.nlp.actors import plural

    return {lemma, plural(lemma)}


def singulars(word: str) -> set[str]:
    """Candidate singular forms of a lower-cased noun (cheap, no tables): troops → troop, forces → force."""
    out = {word}
    if word.endswith("ies") and len(word) > 4:
        out.add(word[:-3] + "y")
    if word.endswith("es") and len(word) > 3:
        out.add(word[:-2])
    if word.endswith("s") and len(word) > 2:
        out.add(word[:-1])
    if word.endswith("men"):
        out.add(word[:-3] + "man")
    return out


@lru_cache(maxsize=1)
def irregular_verbs() -> dict[str, list[str]]:
    """Lemma → irregular forms, from ``irregular_verbs.tsv``, read once per process (read-only: shared)."""
    return _read_irregular(VERB_DIR / "irregular_verbs.tsv")


@lru_cache(maxsize=1)
def irregular_lemmas() -> dict[str, str]:
    """Irregular verb form → lemma ("sought" → "seek"): the pipeline runs no lemmatizer, so the word lists'
    irregular inflections are read from here."""
    return {form.lower(): lemma for lemma, forms in irregular_verbs().items() for form in forms}


def _read_irregular(path: Path) -> dict[str, list[str]]:
    table: dict[str, list[str]] = {}
    if not path.exists():
        return table
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        forms: list[str] = []
        for p in parts[1:]:
            forms.extend(x.strip() for x in p.split("|") if x.strip())
        table[parts[0].strip()] = forms
    return table


def parse_patterns(
    records: Iterable[dict[str, Any]], vd: VerbDictionary, irregular: dict[str, list[str]]
) -> None:
    from tasks.nlp import cameo

    for rec in records:
        lemma = str(rec["lemma"]).lower()
        pos = rec.get("pos", "verb")
        target = rec.get("target")
        pat = Pattern(
            lemma=lemma,
            pos=pos,
            code=rec.get("code"),
            prt=_tuple(rec.get("prt")),
            prep=_tuple(rec.get("prep")),
            pobj=_tuple(rec.get("pobj")),
            object=_tuple(rec.get("object")),
            object_actor=bool(rec.get("object_actor") or rec.get("object_person")),
            object_none=bool(rec.get("object_none")),
            object_target=bool(rec.get("object_target")),
            xcomp=_tuple(rec.get("xcomp")),
            complement=_tuple(rec.get("complement")),
            modifier=_tuple(rec.get("modifier")),
            target=_tuple(target) if target is not None else None,
            symmetric=bool(rec.get("symmetric")),
            light=bool(rec.get("light")),
            undergoer=rec.get("undergoer"),
            addressee=rec.get("addressee"),
            needs_target=bool(rec.get("needs_target")),
            private_source=bool(rec.get("private_source")),
            negated=rec.get("negated"),
            individual=rec.get("individual"),
        )
        for code in (pat.code if not pat.light else None, pat.negated, pat.individual):
            if code is not None and not cameo.is_code(code):
                raise ValueError(f"verb pattern {rec}: {code!r} is not a CAMEO code")
        if pos == "noun":
            vd.nouns.setdefault(lemma, []).append(pat)
            for form in noun_inflections(lemma):
                vd.noun_forms.setdefault(form, set()).add(lemma)
        else:
            vd.verbs.setdefault(lemma, []).append(pat)
            for form in verb_inflections(lemma, irregular):
                vd.verb_forms.setdefault(form, set()).add(lemma)


@lru_cache(maxsize=8)
def load_verbs(extra: tuple[str, ...] = ()) -> VerbDictionary:
    """The verb and noun patterns (built-in plus extra JSONL files), once per process."""
    from tasks.nlp.actors import imported_files, read_jsonl

    irregular = irregular_verbs()
    vd = VerbDictionary()
    paths = sorted(VERB_DIR.glob("*.jsonl"))
    for item in extra:
        p = Path(item)
        paths.extend(sorted(p.glob("*.jsonl")) if p.is_dir() else [p])
    for p in paths:
        parse_patterns(read_jsonl(p), vd, irregular)
    # imported patterns (tasks/data/imported/enabled.json) only for lemmas the curated files lack
    curated = set(vd.verbs) | set(vd.nouns)
    for p in imported_files("verbs"):
        records = [r for r in read_jsonl(p) if str(r["lemma"]).lower() not in curated]
        parse_patterns(records, vd, irregular)
    # every form of every known verb, so that xcomp constraints ("refuse to meet") see lemmas
    for lemma in list(irregular):
        for form in verb_inflections(lemma, irregular):
            vd.verb_forms.setdefault(form, set()).add(lemma)
    return vd


@lru_cache(maxsize=1)
def verb_classes() -> dict[str, frozenset[str]]:
    """Surface form → classes (infinitive, object_control, claim, refuse) from ``verb_classes.tsv``."""
    irregular = irregular_verbs()
    table: dict[str, set[str]] = {}
    for line in (VERB_DIR / "verb_classes.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        lemma, _, classes = line.partition("\t")
        names = {c.strip() for c in classes.split(",") if c.strip()}
        for form in verb_inflections(lemma.strip().lower(), irregular):
            table.setdefault(form, set()).update(names)
    return {form: frozenset(names) for form, names in table.items()}


def has_class(tok: Any, name: str) -> bool:
    """Whether the verb ``tok`` (any inflection) is in class ``name`` of ``verb_classes.tsv``."""
    found = verb_classes().get(tok.lower_)
    return found is not None and name in found
