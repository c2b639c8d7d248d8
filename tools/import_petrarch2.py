"""Convert the PETRARCH2 / Phoenix dictionaries into newsevents' own dictionary formats.

Input: a folder with the files of openeventdata/petrarch2 ``petrarch2/data/dictionaries`` (commit
676801cd9cb2924bbbad09f86d15c9323e7097bf) and a ``SOURCE.txt`` listing their sha256 sums. Output (one folder):

- ``persons.jsonl``: named people with dated codes (``type: person``);
- ``actors.jsonl``: organisations and armed groups (``type: actor``);
- ``countries.jsonl``: the Countries file's names, cities and regions per country code (``type: country``);
- ``agents.jsonl``: role words (``type: agent``), one record per role code;
- ``discards.jsonl``: discard phrases (sports, entertainment ...) with their scope and comments;
- ``verbs.jsonl``: the verb patterns that map onto ``tasks/data/verbs`` fields;
- ``NOTICE.md``: origin, licence, what was converted and skipped (with counts), how to regenerate.

The output is deterministic (sorted records, no time stamps): running the importer twice gives byte-identical
files. The TABARI/PETRARCH formats are described in that repository's ``docs/source/dictionaries.rst``.

    python tools/import_petrarch2.py --source ../shared/dictionaries/petrarch2 \\
        --out tasks/data/imported/petrarch2
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tasks.nlp.actors import plural as derived_plural  # the plural the loader derives: one definition

REPOSITORY = "https://github.com/openeventdata/petrarch2"
COMMIT = "676801cd9cb2924bbbad09f86d15c9323e7097bf"
SOURCE_FOLDER = "petrarch2/data/dictionaries"
VERB_FILE = "CAMEO.2.0.txt"
COUNTRY_FILE = "Phoenix.Countries.actors.txt"
INTERNATIONAL_FILE = "Phoenix.International.actors.txt"
MILNONSTATE_FILE = "Phoenix.MilNonState.actors.txt"
AGENT_FILE = "Phoenix.agents.txt"
DISCARD_FILE = "Phoenix.discards.txt"
LICENSE_FILE = "LICENSE"
INPUT_FILES = (
    VERB_FILE,
    COUNTRY_FILE,
    INTERNATIONAL_FILE,
    MILNONSTATE_FILE,
    AGENT_FILE,
    DISCARD_FILE,
    LICENSE_FILE,
)
DEFAULT_CAMEO_CODES = Path(__file__).resolve().parents[1] / "tasks/data/cameo/CAMEO.eventcodes.txt"
REGENERATE = (
    "python tools/import_petrarch2.py --source ../shared/dictionaries/petrarch2"
    " --out tasks/data/imported/petrarch2"
)

# Particles (verb + particle: "pull out") and prepositions ("call for") as PETRARCH patterns write them.
# fmt: off
PARTICLES = frozenset({
    "out", "off", "up", "down", "back", "away", "forward", "aside", "ahead", "over", "in", "on", "through",
    "around", "along", "apart", "together",
})
PREPOSITIONS = frozenset({
    "about", "above", "across", "after", "against", "along", "among", "amid", "amongst", "around", "as", "at",
    "before", "behind", "below", "beneath", "beside", "besides", "between", "beyond", "by", "despite",
    "during", "for", "from", "in", "inside", "into", "near", "of", "off", "on", "onto", "out", "outside",
    "over", "past", "since", "than", "through", "throughout", "to", "toward", "towards", "under", "until",
    "upon", "via", "with", "within", "without",
})
DETERMINERS = frozenset({"a", "an", "the"})
# Lower-case name particles inside personal names ("Bashar al-Assad", "Osama bin Laden").
NAME_PARTICLES = frozenset({
    "al", "el", "bin", "bint", "de", "da", "das", "do", "dos", "du", "del", "della", "der", "den", "di",
    "van", "von", "la", "le", "y", "ter", "zu", "of", "the", "and", "for",
})
# Acronyms kept in capitals inside personal names ("UN Secretary-General Ban Ki-Moon").
KNOWN_ACRONYMS = frozenset({
    "UN", "US", "USA", "USSR", "UK", "EU", "AU", "NATO", "OAS", "OSCE", "UNHCR", "UNICEF", "IAEA", "WHO",
    "IMF", "PLO", "ANC",
})
# Company-form abbreviations written in title case ("Aaon Inc").
ORG_SUFFIXES = frozenset({"inc", "ltd", "co", "corp", "plc", "llc", "bhd", "pty"})
# Small words written in lower case inside organisation names.
ORG_SMALL_WORDS = frozenset({
    "of", "the", "and", "for", "in", "on", "at", "to", "by", "with", "from", "against", "a", "an", "de",
    "del", "la", "le", "el", "al", "du", "des", "y", "et", "di", "da", "per", "der", "die", "das", "am", "im",
    "sur", "upon", "les", "von", "van",
})
# Three-letter (and a few other) words that are words, not acronyms, in organisation names.
ORG_COMMON3 = frozenset({
    "new", "red", "war", "aid", "oil", "gas", "law", "sea", "air", "art", "bar", "car", "men", "one", "two",
    "six", "ten", "big", "old", "top", "sun", "day", "way", "god", "arm", "army", "bay", "end", "far", "fox",
    "gun", "hut", "key", "net", "pan", "pro", "raj", "san", "son", "tea", "tin", "toy", "web", "win", "abu",
    "ibn", "bin", "sri", "mar", "los", "las", "st", "ste", "dar", "umm", "ben", "mid", "sky",
})
# fmt: on
ROMAN = re.compile(r"^(?:I{2,3}|IV|VI{0,3}|IX|XI{0,3}|XIV|XV|XVI{0,3})$")
INITIALS = re.compile(r"^(?:[A-Z]\.)+$")
VOWELS = frozenset("AEIOUaeiou")


LICENCE_PROSE = """## Licence

The source dictionaries are under the MIT licence (the Phoenix files and CAMEO.2.0.txt also carry the Open
Event Data Alliance MIT notice in their headers). The converted files are derived works under the same
licence; keep this notice with them. Licence text (the source's `LICENSE`):"""

FILE_ROLES = (
    ("persons.jsonl", "people with dated codes (Countries, International, MilNonState files)"),
    ("actors.jsonl", "organisations, IGOs, NGOs, companies, media, armed groups"),
    ("countries.jsonl", "Countries file: country names, adjectives, misspellings, cities, regions"),
    ("agents.jsonl", "Phoenix.agents.txt, one record per role code"),
    ("discards.jsonl", "Phoenix.discards.txt"),
    ("verbs.jsonl", "CAMEO.2.0.txt"),
)

METHOD_PROSE = """These files are not loaded automatically (they are outside `tasks/data/actors` and
`tasks/data/verbs`): pass them as extra dictionaries, or copy the parts you enable.

## How the conversion reads the source

- Phrases: `_` and blanks join words; the trailing `_` (whole word) is dropped, since newsevents always
  matches whole tokens. Names are put in natural case (`JOHN_KERRY_` → `John Kerry`, `BASHAR_AL-ASSAD_` →
  `Bashar al-Assad`, `UN_SECRETARY_GENERAL` → `UN Secretary General`); no aliases are invented (a surname
  alone is a name only where the source lists it). Single-word names are listed in `case_sensitive`, so
  that a surname or short name that is also a common word ("Bush", "Ban") does not match in lower case;
  an organisation's single word of up to four letters stays in capitals (an acronym: IAEA, ICJ). A
  parenthesised acronym in an organisation name (`ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_`) becomes an extra name.
  Names with broken characters (U+FFFD) in the source are dropped.
- Actor records follow PETRARCH: a primary phrase, `+` synonyms, then codes on the primary line or on
  indented lines; a primary phrase read while the current record has no code yet joins that record.
  Dates are YYMMDD (00–30 → 20YY, else 19YY) or YYYYMMDD; `<d` gives `to`, `>d` gives `from`, `d1-d2`
  both, inclusive. Dated codes keep the source order and the undated default code comes last (newsevents
  takes the first code valid on the article's date). The null code `[---]` is dropped; invalid dates and
  ranges that end before they start are skipped, as PETRARCH skips them.
- Countries: a Countries-file record coded with a bare three-letter code and not marked as a person is a
  country (place) record; all its phrases (names, adjectives, misspellings, capitals, cities, provinces)
  become `names` of that code in `countries.jsonl`, merged per code. The source does not separate
  adjectives from cities, so no `adjectives` are set (no demonym plurals are derived). Where the source
  dates a country's codes (Iraq: IRQ, IRQOCC 2003–2006, IRQ; Kosovo: YUGKSV, FRYKSV, KSVUNO, KSV), the
  current code is kept (the undated one, else the open-ended one, else the last) and the historical ones
  are dropped. Codes are CAMEO's (mostly ISO 3166 alpha-3; KSV, SUN, DDR, YUG ... are not).
- Person or organisation: a record with a dated code, or marked `CountryInfo.txt` / `IGOrulers.txt`, is a
  `person` (this includes a few dated bodies such as Republika Srpska or the Volkskammer); other records
  are `actor`s, so people listed without dates (some UN officials, party leaders) are actors with a fixed
  code. `country` is the first three letters of the codes where they are a country code of the Countries
  file (the most frequent one). An actor with several undated codes keeps the first.
- Codes are kept as PETRARCH writes them (`IGOUNO`, `USAGOVMIL`, `AFGELI`, `MNCUSA`); they are not mapped
  to newsevents' own actor codes (`UN`, ...).
- Agents: `[~ROLE]` codes; one record per role code (`GOV`, `GOVMED`, ...); words lower case and singular,
  leading articles dropped, `!PERSON!` / `!MINIST!` markers expanded to their singular members, irregular
  plurals from `{...}` added as words (newsevents derives regular plurals). Prefix codes (`IGO~`) and
  phrases ending in a preposition (`AMBASSADOR_TO`) are skipped.
- Discards: `+` lines are `scope: story`, others `scope: sentence`; phrases lower case; the source's
  comments are kept in `comment` and the last `###` header in `section`; commented-out lines are not
  converted.
- Verbs: each verb of a block with a code (its own or the block's) gives a record with that code; `+`
  multi-word verbs give verb + `prt` or verb + `prep`; every pattern of the forms `* OBJECT`, `* PRT`,
  `* PRT OBJECT`, `* (PREP)`, `* (PREP NOUN)`, `* OBJECT (PREP NOUN)`, `* PRT (PREP NOUN)` (articles
  ignored) gives one record per single-word verb of its block, since PETRARCH applies a block's patterns
  to all its verbs. `&SYNSET`s are expanded into lists of their single-word members; nouns are
  singularised. Patterns with the null code are kept with `"code": null` (the most specific pattern wins,
  and a null one codes nothing). The first record for the same lemma and constraints wins (source
  order). Codes not in `CAMEO.eventcodes.txt` are skipped, so the file loads.
- Not converted (counted below): paired codes `[a:b]` (two events), words before the verb (subject
  constraints), source/target/skip markers (`$ + ^ %`), multi-word noun phrases `{...}`, several
  prepositional phrases, transformation rules (`~`)."""

# ------------------------------------------------------------------------------------------------ common


class ImportError_(Exception):  # named apart from the builtin ImportError
    """An input problem that stops the import (missing file, checksum mismatch)."""


def strip_comment(line: str) -> str:
    """The line without ``#``, ``;`` and single-line ``<!-- -->`` comments (PETRARCH's rules)."""
    line = re.sub(r"<!--.*?-->", "", line)
    for mark in ("#", ";"):
        pos = line.find(mark)
        if pos >= 0:
            line = line[:pos]
    return line.rstrip()


def comment_of(line: str) -> str:
    """The ``#`` (or ``;``) comment of a line, stripped; ``""`` when there is none."""
    positions = [p for p in (line.find("#"), line.find(";")) if p >= 0]
    if not positions:
        return ""
    return " ".join(line[min(positions) + 1 :].replace("#", " ").split())


def phrase_words(phrase: str) -> list[str]:
    """``JOHN_KERRY_`` → ``["JOHN", "KERRY"]``: underscores and blanks both separate words."""
    return phrase.replace("_", " ").split()


def parse_date(text: str) -> date | None:
    """A TABARI date, YYMMDD (00–30 → 20YY, else 19YY) or YYYYMMDD; None when invalid."""
    text = text.strip()
    if not text.isdigit() or len(text) < 6:
        return None
    try:
        if len(text) > 7:
            return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
        year = int(text[:2])
        year += 2000 if year <= 30 else 1900
        return date(year, int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def singular(word: str) -> str:
    """A cheap singular of a lower-cased pattern noun: rallies → rally, sanctions → sanction."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")) and len(word) > 4:
        return word[:-2]
    if word.endswith("men") and len(word) > 4:
        return word[:-3] + "man"
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ws")) and len(word) > 3:
        return word[:-1]
    return word


def dumps(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False)


# ------------------------------------------------------------------------------------------- name casing


def _cap(part: str) -> str:
    """Capitalise one word part: ``O'BRIEN`` → ``O'Brien``, ``MCCAIN`` → ``McCain``."""
    if not part:
        return part
    if "'" in part:
        pieces = part.split("'")
        out = [pieces[0].capitalize()]
        for prev, piece in itertools.pairwise(pieces):
            out.append(piece.capitalize() if len(prev) <= 1 else piece.lower())
        return "'".join(out)
    if len(part) > 3 and part[:2].upper() == "MC" and part[2:].isalpha():
        return "Mc" + part[2:].capitalize()
    return part.capitalize()


def _person_word(word: str, first: bool, last: bool) -> str:
    if any(c.isdigit() for c in word) or INITIALS.match(word) or word.upper() in KNOWN_ACRONYMS:
        return word.upper()
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 3 and not any(c in "AEIOUYaeiouy" for c in letters):
        return word.upper()  # JFK
    if not first and ROMAN.match(word):
        return word
    low = word.lower()
    if not first and not last and low in NAME_PARTICLES:
        return low
    parts = word.split("-")
    out = []
    for i, part in enumerate(parts):
        if i == 0 and len(parts) > 1 and part.lower() in ("al", "el") and not first:
            out.append(part.lower())
        else:
            out.append(_cap(part))
    return "-".join(out)


def _looks_like_acronym(letters: Sequence[str]) -> bool:
    """A four-letter place word read as an acronym: no vowel (DPRK) or a known one (USSR); Omsk is a word."""
    text = "".join(letters).upper()
    return not any(c in "AEIOUY" for c in text) or text in KNOWN_ACRONYMS


def _org_word(word: str, first: bool, single: bool, place: bool = False) -> str:
    if any(c.isdigit() for c in word) or INITIALS.match(word) or "." in word:
        return word.upper()
    letters = [c for c in word if c.isalpha()]
    low = word.lower()
    if not first and low in ORG_SMALL_WORDS:
        return low
    if low in ORG_SUFFIXES:
        return word.capitalize()
    if single and len(letters) <= 4 and not place:
        return word.upper()
    if single and place and len(letters) == 4:
        return word.upper() if _looks_like_acronym(letters) else "-".join(_cap(p) for p in word.split("-"))
    if letters and not any(c in VOWELS for c in letters):
        return word.upper()
    if len(letters) <= 3 and low not in ORG_COMMON3 and low not in ORG_SMALL_WORDS and "-" not in word:
        return word.upper()
    return "-".join(_cap(p) for p in word.split("-"))


def natural_case(phrase: str, person: bool, place: bool = False) -> str:
    """``JOHN_KERRY_`` → ``John Kerry``; ``UN_SECRETARY_GENERAL`` → ``UN Secretary General``.

    ``place``: a country's name or city, where a four-letter word is a word (Iraq, Oman, Chad) unless it
    looks like an acronym (USSR); organisations' single words of up to four letters are acronyms (IAEA).
    """
    words = phrase_words(phrase)
    out = []
    for i, w in enumerate(words):
        first, last = i == 0, i == len(words) - 1
        out.append(_person_word(w, first, last) if person else _org_word(w, first, len(words) == 1, place))
    return " ".join(out)


def is_acronym_of(short: str, long: str) -> bool:
    """``AAIA`` is the acronym of ``ADEN_ABYAN_ISLAMIC_ARMY`` (initials, with or without small words)."""
    letters = "".join(c for c in short.upper() if c.isalpha())
    if len(letters) < 3 or len(phrase_words(short)) != 1:
        return False
    words = [w.upper() for w in phrase_words(long)]
    initials = "".join(w[0] for w in words if w[0].isalpha())
    big = "".join(w[0] for w in words if w[0].isalpha() and w.lower() not in ORG_SMALL_WORDS)
    return letters in (initials, big)


def clean_names(phrases: Iterable[str], person: bool, stats: Counter[str], place: bool = False) -> list[str]:
    """Natural-case names, without duplicates; a parenthesised acronym of an organisation becomes a name."""
    names: list[str] = []
    seen: set[str] = set()
    for raw in phrases:
        for piece in raw.split("+"):
            if "\ufffd" in piece:
                stats["names dropped: broken characters in the source"] += 1
                continue
            extra: list[str] = []
            piece = re.sub(r'"[^"]*"', " ", piece)  # a quoted nickname: Richard "dickie" Bradley
            base = re.sub(r"\([^)]*\)", " ", piece)
            base = re.sub(r"[(\[].*$", " ", base)  # an unclosed parenthesis runs to the end
            base = re.sub(r'[\]\[{}"]', " ", base).strip(" _")
            for inner in re.findall(r"\(([^)]*)\)", piece):
                if not person and is_acronym_of(inner, base):
                    extra.append(inner.strip(" _").upper())
            candidates = [natural_case(base, person, place)] if phrase_words(base) else []
            candidates.extend(extra)
            for name in candidates:
                key = name.lower()
                if name and key not in seen:
                    seen.add(key)
                    names.append(name)
    return names


# ------------------------------------------------------------------------------------------------- actors


@dataclass(frozen=True, slots=True)
class Restriction:
    """One code of an actor: a default (``start``/``end`` None) or a date range (either end open)."""

    code: str
    start: date | None = None
    end: date | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None


@dataclass(slots=True)
class ActorEntry:
    """A TABARI actor record: its phrases (primary first), codes in source order, the primary's comment."""

    phrases: list[str]
    codes: list[Restriction] = field(default_factory=list)
    comment: str = ""
    line: int = 0


def parse_restriction(text: str, stats: Counter[str]) -> Restriction | None:
    """``USAGOV 070120-090120`` / ``USAGOV >011222`` / ``USAGOV <011222`` / ``USAGOV`` → a Restriction."""
    parts = text.split(None, 1)
    if not parts:
        stats["date restrictions skipped: empty brackets"] += 1
        return None
    code = parts[0].strip()
    rest = parts[1].strip() if len(parts) > 1 else ""
    if not rest:
        return Restriction(code)
    if rest[0] in "<>":
        day = parse_date(rest[1:])
        if day is None:
            stats["date restrictions skipped: invalid date"] += 1
            return None
        return Restriction(code, end=day) if rest[0] == "<" else Restriction(code, start=day)
    first, dash, second = rest.partition("-")
    start, end = parse_date(first), parse_date(second)
    if not dash or start is None or end is None:
        stats["date restrictions skipped: invalid date"] += 1
        return None
    if end < start:
        stats["date restrictions skipped: end before start"] += 1
        return None
    return Restriction(code, start, end)


def parse_actor_file(lines: Iterable[str], stats: Counter[str]) -> list[ActorEntry]:
    """Records of a TABARI/PETRARCH actor dictionary.

    A primary phrase starts a new record unless the current record has no code yet (then it joins it, as
    PETRARCH does); ``+`` lines are synonyms; indented ``[CODE ...]`` lines (and brackets on the primary line)
    are the codes, default or dated.
    """
    entries: list[ActorEntry] = []
    current: ActorEntry | None = None
    for n, raw in enumerate(lines, 1):
        if "---STOP---" in raw:
            break
        text = strip_comment(raw)
        if not text.strip():
            continue
        brackets = re.findall(r"\[([^\]]*)\]", text)
        phrase = text.split("[", 1)[0].strip()
        if raw[:1] in ("\t", " ") and not phrase:
            if current is None:
                stats["date restrictions skipped: before any actor"] += 1
                continue
            for b in brackets:
                r = parse_restriction(b, stats)
                if r is not None:
                    current.codes.append(r)
            continue
        if phrase.startswith("+"):
            if current is None:
                stats["synonyms skipped: before any actor"] += 1
                continue
            current.phrases.append(phrase[1:].strip())
        else:
            if current is None or current.codes:
                current = ActorEntry([phrase], comment=comment_of(raw), line=n)
                entries.append(current)
            else:
                current.phrases.append(phrase)
        for b in brackets:
            r = parse_restriction(b, stats)
            if r is not None:
                current.codes.append(r)
    return entries


def _person_tagged(entry: ActorEntry) -> bool:
    return any(tag in entry.comment.lower() for tag in ("countryinfo", "igorulers"))


def _bare_country_codes(entry: ActorEntry) -> list[Restriction]:
    return [r for r in entry.codes if re.fullmatch(r"[A-Z]{3}", r.code)]


def is_country_entry(entry: ActorEntry) -> bool:
    """A Countries-file record coded with a bare three-letter code (``AFGHANISTAN_ [AFG]``, or dated as
    ``IRAQ_`` with ``[IRQ <20030320]`` ... ``[IRQ >20060520]``) that is not marked as a person."""
    return not _person_tagged(entry) and bool(_bare_country_codes(entry))


def country_code(entry: ActorEntry) -> str:
    """The current code of a country record: its undated bare code, else the open-ended one, else the last."""
    bare = _bare_country_codes(entry)
    for r in bare:
        if not r.dated:
            return r.code
    for r in reversed(bare):
        if r.end is None:
            return r.code
    return bare[-1].code


def is_person_entry(entry: ActorEntry) -> bool:
    return any(c.dated for c in entry.codes) or _person_tagged(entry)


def project_codes(entry: ActorEntry, stats: Counter[str]) -> list[dict[str, str]]:
    """Dated codes in source order, then the (first) default code; null codes dropped."""
    out: list[dict[str, str]] = []
    default: dict[str, str] | None = None
    seen: set[tuple[str, str, str]] = set()
    for r in entry.codes:
        if r.code.strip("-") == "":
            stats["codes dropped: null code [---]"] += 1
            continue
        if not r.dated:
            if default is None:
                default = {"code": r.code}
            elif default["code"] != r.code:
                stats["codes dropped: second undated default"] += 1
            continue
        rec: dict[str, str] = {"code": r.code}
        if r.start is not None:
            rec["from"] = r.start.isoformat()
        if r.end is not None:
            rec["to"] = r.end.isoformat()
        key = (rec["code"], rec.get("from", ""), rec.get("to", ""))
        if key in seen:
            stats["codes dropped: duplicate"] += 1
            continue
        seen.add(key)
        out.append(rec)
    if default is not None:
        out.append(default)
    return out


def country_of(codes: Sequence[str], countries: set[str]) -> str | None:
    """The most frequent country (first three letters of the codes) among ``countries``; ties: first."""
    found = [c[:3] for c in codes if c[:3] in countries]
    if not found:
        return None
    counts = Counter(found)
    best = max(counts.values())
    return next(c for c in found if counts[c] == best)


def single_word_names(names: Sequence[str]) -> list[str]:
    """Single-word names: matched case-sensitively, so that "Bush" or "Ban" is not "bush" or "ban"."""
    return [n for n in names if " " not in n]


@dataclass(slots=True)
class ActorOutput:
    persons: list[dict[str, Any]] = field(default_factory=list)
    actors: list[dict[str, Any]] = field(default_factory=list)
    countries: list[dict[str, Any]] = field(default_factory=list)


def convert_actor_entries(
    file_entries: Sequence[tuple[str, list[ActorEntry]]], countries: set[str], stats: Counter[str]
) -> ActorOutput:
    """Country, person and actor records from parsed actor files (``(file name, entries)`` pairs)."""
    out = ActorOutput()
    country_names: dict[str, list[str]] = {}
    for fname, entries in file_entries:
        for entry in entries:
            if fname == COUNTRY_FILE and is_country_entry(entry):
                names = clean_names(entry.phrases, person=False, stats=stats, place=True)
                code = country_code(entry)
                country_names.setdefault(code, []).extend(names)
                stats[f"{fname}: country records (places)"] += 1
                dropped = [r for r in entry.codes if r.code != code]
                if dropped:
                    stats[f"{fname}: country records with historical dated codes (current code kept)"] += 1
                continue
            person = is_person_entry(entry)
            names = clean_names(entry.phrases, person=person, stats=stats)
            if not names:
                stats[f"{fname}: skipped, no usable name"] += 1
                continue
            codes = project_codes(entry, stats)
            if not codes:
                stats[f"{fname}: skipped, no code (or only the null code)"] += 1
                continue
            country = country_of([c["code"] for c in codes], countries)
            rec: dict[str, Any]
            if person:
                rec = {"type": "person", "names": names, "codes": codes}
                if country:
                    rec["country"] = country
                cs = single_word_names(names)
                if cs:
                    rec["case_sensitive"] = cs
                out.persons.append(rec)
                stats[f"{fname}: persons"] += 1
            else:
                if len(codes) > 1:
                    stats[f"{fname}: actors with several codes (first kept)"] += 1
                rec = {"type": "actor", "code": codes[0]["code"], "names": names}
                if country:
                    rec["country"] = country
                cs = single_word_names(names)
                if cs:
                    rec["case_sensitive"] = cs
                out.actors.append(rec)
                stats[f"{fname}: actors"] += 1
    for code in sorted(country_names):
        names = []
        seen: set[str] = set()
        for n in country_names[code]:
            if n.lower() not in seen:
                seen.add(n.lower())
                names.append(n)
        rec = {"type": "country", "code": code, "names": names}
        cs = single_word_names(names)
        if cs:
            rec["case_sensitive"] = cs
        out.countries.append(rec)
    return out


# ------------------------------------------------------------------------------------------------- agents


@dataclass(slots=True)
class AgentWord:
    word: str  # lower case, singular
    role: str
    plural: str | None = None  # an irregular plural from {...}


def parse_agent_file(lines: Iterable[str], stats: Counter[str]) -> list[AgentWord]:
    """Agent lines ``PHRASE {PLURAL} [~ROLE]`` with ``!MARKER! = A, B`` substitution sets."""
    markers: dict[str, list[str]] = {}
    words: list[AgentWord] = []
    for raw in lines:
        line = strip_comment(raw).strip()
        if not line:
            continue
        if "!" in line and "=" in line and "[" not in line:
            m = re.match(r"!([^!]+)!\s*=\s*(.*)$", line)
            if m:
                markers[m.group(1)] = [x.strip() for x in m.group(2).split(",") if x.strip()]
            continue
        if "[" not in line:
            stats["agent lines skipped: no code"] += 1
            continue
        head, _, rest = line.partition("[")
        code = rest.partition("]")[0].strip()
        if not code.startswith("~"):
            stats["agent lines skipped: prefix code (CODE~), unsupported"] += 1
            continue
        role = code[1:].strip()
        if not re.fullmatch(r"[A-Z]{3}(?:[A-Z]{3})*", role):
            stats["agent lines skipped: malformed role code"] += 1
            continue
        plural: str | None = None
        if "{" in head:
            if "}" not in head:
                stats["agent lines skipped: missing '}'"] += 1
                continue
            plural = head[head.find("{") + 1 : head.find("}")].strip()
            head = head[: head.find("{")]
        phrase = head.strip()
        variants = [phrase]
        m = re.search(r"!([^!]+)!", phrase)
        if m:
            subst = markers.get(m.group(1))
            if subst is None:
                stats["agent lines skipped: undefined substitution marker"] += 1
                continue
            # the marker's list holds singulars and plurals (MAN, MEN): keep the singulars
            plurals = {derived_plural(s.lower()) for s in subst}
            singulars_ = [s for s in subst if s.lower() not in plurals]
            variants = [phrase[: m.start()] + s + phrase[m.end() :] for s in singulars_]
        for v in variants:
            word_list = phrase_words(v.lower())
            while word_list and word_list[0] in DETERMINERS:
                word_list = word_list[1:]
            word = " ".join(word_list)
            if not word or "\ufffd" in word or "!" in word:
                stats["agent words skipped: unusable phrase"] += 1
                continue
            if word.split()[-1] in PREPOSITIONS:
                stats["agent words skipped: phrase ends in a preposition (prefix match)"] += 1
                continue
            pl = " ".join(phrase_words(plural)).lower() if plural else None
            words.append(AgentWord(word, role, pl or None))
    return words


def convert_agents(words: Sequence[AgentWord], stats: Counter[str]) -> list[dict[str, Any]]:
    by_role: dict[str, set[str]] = {}
    for w in words:
        entry = by_role.setdefault(w.role, set())
        entry.add(w.word)
        if w.plural and w.plural != derived_plural(w.word):
            entry.add(w.plural)
            stats["agent words: irregular plurals kept as words"] += 1
    return [{"type": "agent", "role": role, "words": sorted(by_role[role])} for role in sorted(by_role)]


# ----------------------------------------------------------------------------------------------- discards


def parse_discard_file(lines: Iterable[str], stats: Counter[str]) -> list[dict[str, str]]:
    """Discard phrases: ``+`` marks a story-level discard; ``### HEADER`` lines name a section."""
    out: list[dict[str, str]] = []
    section = ""
    for raw in lines:
        stripped = raw.strip()
        if not stripped:
            continue
        if stripped.startswith("###"):
            section = stripped.strip("# ").strip()
            continue
        if stripped.startswith("#") or stripped.startswith("<!--"):
            continue
        text = strip_comment(raw).strip()
        if not text:
            continue
        scope = "sentence"
        if text.startswith("+"):
            scope = "story"
            text = text[1:]
        phrase = " ".join(phrase_words(text)).lower()
        if not phrase:
            stats["discard lines skipped: empty phrase"] += 1
            continue
        rec = {"phrase": phrase, "scope": scope}
        note = comment_of(raw)
        if note:
            rec["comment"] = note
        if section:
            rec["section"] = section
        out.append(rec)
    uniq = {dumps(r): r for r in out}
    stats["discard duplicates dropped"] += len(out) - len(uniq)
    return [uniq[k] for k in sorted(uniq, key=lambda k: (uniq[k]["phrase"], k))]


# -------------------------------------------------------------------------------------------------- verbs


@dataclass(slots=True)
class VerbBlock:
    name: str
    code: str | None  # None: the null code [---]
    verbs: list[tuple[str, str | None]] = field(default_factory=list)  # (lemma, own code or None=block)
    multiword: list[tuple[list[str], str | None]] = field(default_factory=list)
    patterns: list[tuple[str, str | None, int]] = field(default_factory=list)  # (body, code, line)


@dataclass(slots=True)
class VerbDictionary:
    synsets: dict[str, list[str]] = field(default_factory=dict)
    blocks: list[VerbBlock] = field(default_factory=list)


NULL = "---"


def _code_field(text: str) -> str | None:
    """The code of ``[...]`` ("" when absent, None for the null code)."""
    m = re.search(r"\[([^\]]*)\]", text)
    if not m:
        return ""
    code = m.group(1).strip()
    return None if code == NULL else code


def parse_verb_file(lines: Iterable[str], stats: Counter[str]) -> VerbDictionary:
    """Synsets (``&NAME`` + ``+WORD`` lines), verb blocks (``--- NAME [code] ---``), verbs and patterns."""
    vd = VerbDictionary()
    synset: str | None = None
    block: VerbBlock | None = None
    for n, raw in enumerate(lines, 1):
        stripped = raw.strip()
        if stripped.startswith("---") and stripped.endswith("---") and len(stripped) > 6:
            inner = stripped.strip("-").strip()
            code = _code_field(inner)
            block = VerbBlock(inner.split("[")[0].strip(), None if code in (None, "") else code)
            vd.blocks.append(block)
            synset = None
            continue
        text = strip_comment(raw).strip()
        if not text:
            if synset is not None and not stripped.startswith("#"):
                synset = None
            continue
        if text.startswith("&"):
            synset = text.split()[0]
            vd.synsets[synset] = []
            continue
        if text.startswith("+") and synset is not None:
            vd.synsets[synset].append(text[1:].strip())
            continue
        if text.startswith("~"):
            stats["verb file: transformation rules (~) skipped"] += 1
            continue
        if block is None:
            continue
        if text.startswith("-"):
            code = _code_field(text)
            if code == "":
                stats["patterns skipped: no code"] += 1
                continue
            body = text[1:].split("[", 1)[0].strip()
            block.patterns.append((body, code, n))
            continue
        head = re.sub(r"\{[^}]*\}", " ", text).split("[", 1)[0].strip()
        code = _code_field(text)
        own = block.code if code == "" else code
        if head.startswith("+"):
            block.multiword.append((phrase_words(head[1:]), own))
        elif len(phrase_words(head)) == 1:
            block.verbs.append((head.lower(), own))
        else:
            stats["verb entries skipped: several words without '+'"] += 1
    return vd


_TOKEN = re.compile(r"\(|\)|\{[^}]*\}|[^\s(){}]+")


@dataclass(frozen=True, slots=True)
class Constraints:
    prt: tuple[str, ...] = ()
    prep: tuple[str, ...] = ()
    pobj: tuple[str, ...] = ()
    object: tuple[str, ...] = ()


def _noun_set(token: str, synsets: dict[str, list[str]]) -> tuple[str, ...] | str:
    """Head nouns of a pattern word or ``&SYNSET`` (single-word members only); a str is a skip reason."""
    if token.startswith("&"):
        if token not in synsets:
            return "undefined synset"
        members = [phrase_words(m) for m in synsets[token]]
        words = [singular(m[0].lower()) for m in members if len(m) == 1]
        if not words:
            return "synset with multi-word members only"
        return tuple(dict.fromkeys(words))
    if not re.fullmatch(r"[A-Za-z][A-Za-z'-]*_?", token):
        return "unsupported token in pattern"
    return (singular(token.rstrip("_").lower()),)


def parse_pattern(body: str, synsets: dict[str, list[str]]) -> Constraints | str:
    """A PETRARCH pattern body (``* OUT (FOR &AID)``) → constraints, or the reason it cannot be converted.

    Supported: ``*`` followed by an optional particle, an optional object noun (word or synset) and at most
    one prepositional phrase ``(PREP [NOUN])``. Words before ``*``, source/target/skip markers (``$ + ^ %``),
    ``{multi-word noun phrases}``, several prepositional phrases and other orders are not.
    """
    if any(mark in body for mark in ("$", "+", "^", "%")):
        return "source/target/skip markers ($ + ^ %)"
    tokens = _TOKEN.findall(body)
    if not tokens or tokens[0] != "*":
        return "words before the verb (subject side)" if "*" in tokens else "no verb marker"
    rest = tokens[1:]
    if "*" in rest:
        return "several verb markers"
    if any(t.startswith("{") for t in rest):
        return "multi-word noun phrase {...}"
    # split into bare words and (...) groups
    items: list[str | list[str]] = []
    i = 0
    while i < len(rest):
        t = rest[i]
        if t == "(":
            try:
                j = rest.index(")", i)
            except ValueError:
                return "unbalanced parentheses"
            items.append([w for w in rest[i + 1 : j] if w.lower() not in DETERMINERS])
            i = j + 1
        elif t == ")":
            return "unbalanced parentheses"
        else:
            if t.lower() not in DETERMINERS:
                items.append(t)
            i += 1
    prt: tuple[str, ...] = ()
    obj: tuple[str, ...] = ()
    prep: tuple[str, ...] = ()
    pobj: tuple[str, ...] = ()
    if items and isinstance(items[0], str) and items[0].lower().rstrip("_") in PARTICLES:
        prt = (items[0].lower().rstrip("_"),)
        items = items[1:]
    if items and isinstance(items[0], str):
        nouns = _noun_set(items[0], synsets)
        if isinstance(nouns, str):
            return nouns
        obj = nouns
        items = items[1:]
    if items and isinstance(items[0], list):
        group = items[0]
        if not group:
            return "empty parentheses"
        p = group[0].lower().rstrip("_")
        if p not in PREPOSITIONS:
            return "parenthesised phrase without a preposition"
        if len(group) > 2:
            return "prepositional phrase of several words"
        prep = (p,)
        if len(group) == 2:
            nouns = _noun_set(group[1], synsets)
            if isinstance(nouns, str):
                return nouns
            pobj = nouns
        items = items[1:]
    if items:
        return "several prepositional phrases or objects"
    return Constraints(prt=prt, prep=prep, pobj=pobj, object=obj)


def read_cameo_codes(path: Path) -> set[str]:
    codes: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        next(fh, None)
        for line in fh:
            code = line.split("\t", 1)[0].strip()
            if code:
                codes.add(code)
    return codes


def _verb_record(lemma: str, code: str | None, c: Constraints) -> dict[str, Any]:
    rec: dict[str, Any] = {"lemma": lemma, "code": code}
    if c.prt:
        rec["prt"] = list(c.prt)
    if c.prep:
        rec["prep"] = list(c.prep)
    if c.pobj:
        rec["pobj"] = list(c.pobj)
    if c.object:
        rec["object"] = list(c.object)
    return rec


def convert_verbs(vd: VerbDictionary, cameo_codes: set[str], stats: Counter[str]) -> list[dict[str, Any]]:
    """Verb records: each verb alone with its code, multi-word verbs (verb + particle or preposition), and
    every convertible pattern of a block for each single-word verb of the block (PETRARCH applies a block's
    patterns to all its verbs). The first record for the same constraints wins (source order)."""
    records: dict[tuple[Any, ...], dict[str, Any]] = {}

    def add(rec: dict[str, Any], what: str) -> None:
        code = rec["code"]
        if code is not None and code not in cameo_codes:
            stats[f"{what}: skipped, code not in CAMEO.eventcodes.txt"] += 1
            return
        key = (rec["lemma"], *(tuple(rec.get(k, ())) for k in ("prt", "prep", "pobj", "object")))
        if key in records:
            if records[key]["code"] != code:
                stats[f"{what}: skipped, same constraints as an earlier record with another code"] += 1
            return
        records[key] = rec

    for block in vd.blocks:
        for lemma, code in block.verbs:
            if code is None:
                continue  # a verb alone that codes nothing: no record needed
            if ":" in code:
                stats["verbs alone: skipped, paired code a:b"] += 1
                continue
            add(_verb_record(lemma, code, Constraints()), "verbs alone")
        for words, code in block.multiword:
            if code is None:
                continue
            if ":" in code:
                stats["multi-word verbs: skipped, paired code a:b"] += 1
                continue
            if len(words) != 2:
                stats["multi-word verbs: skipped, more than two words"] += 1
                continue
            verb, second = words[0].lower(), words[1].lower()
            if second in PARTICLES:
                c = Constraints(prt=(second,))
            elif second in PREPOSITIONS:
                c = Constraints(prep=(second,))
            else:
                stats["multi-word verbs: skipped, second word is not a particle or preposition"] += 1
                continue
            add(_verb_record(verb, code, c), "multi-word verbs")
        for body, code, _line in block.patterns:
            stats["patterns read"] += 1
            if code is not None and ":" in code:
                stats["patterns skipped: paired code a:b (two events)"] += 1
                continue
            parsed = parse_pattern(body, vd.synsets)
            if isinstance(parsed, str):
                stats[f"patterns skipped: {parsed}"] += 1
                continue
            if not block.verbs:
                stats["patterns skipped: block without single-word verbs"] += 1
                continue
            stats["patterns converted"] += 1
            for lemma, _own in block.verbs:
                add(_verb_record(lemma, code, parsed), "pattern records")
    out = list(records.values())
    stats["verb records with the null code (block a less specific pattern)"] = sum(
        1 for r in out if r["code"] is None
    )
    return sorted(out, key=lambda r: (r["lemma"], dumps(r)))


# ------------------------------------------------------------------------------------------------ sources


def read_source_sums(source: Path) -> dict[str, str]:
    sums: dict[str, str] = {}
    text = (source / "SOURCE.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        m = re.fullmatch(r"\s*([0-9a-f]{64})\s+(\S+)\s*", line)
        if m:
            sums[m.group(2)] = m.group(1)
    return sums


def verify_sources(source: Path, strict: bool = True) -> dict[str, str]:
    """Check every input's sha256 against SOURCE.txt; raise (or warn, ``strict=False``) on a mismatch."""
    if not (source / "SOURCE.txt").is_file():
        raise ImportError_(f"{source}/SOURCE.txt not found")
    expected = read_source_sums(source)
    problems = []
    for name in INPUT_FILES:
        path = source / name
        if not path.is_file():
            raise ImportError_(f"input file missing: {path}")
        actual = hashlib.sha256(path.read_bytes()).hexdigest()
        want = expected.get(name)
        if want is None:
            problems.append(f"{name}: no sha256 in SOURCE.txt (actual {actual})")
        elif want != actual:
            problems.append(f"{name}: sha256 {actual} does not match SOURCE.txt {want}")
    if problems:
        msg = "input checksum problem:\n  " + "\n  ".join(problems)
        if strict:
            raise ImportError_(msg + "\n(use --allow-mismatch to convert anyway)")
        print(f"WARNING: {msg}", file=sys.stderr)
    return expected


def read_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


# ------------------------------------------------------------------------------------------------- output


def _sort_people(records: list[dict[str, Any]], stats: Counter[str], what: str) -> list[dict[str, Any]]:
    """Sorted by first name, identical records (same names and codes, from two files) once."""
    uniq = {dumps(r): r for r in records}
    stats[f"{what}: identical records merged"] += len(records) - len(uniq)
    return sorted(uniq.values(), key=lambda r: (r["names"][0].lower(), dumps(r)))


def write_jsonl(path: Path, records: Iterable[dict[str, Any]]) -> int:
    lines = [dumps(r) for r in records]
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8", newline="\n")
    return len(lines)


def _stat_lines(stats: Counter[str], prefix: str) -> Iterator[str]:
    for key in sorted(k for k in stats if k.startswith(prefix)):
        yield f"| {key} | {stats[key]:,} |"


def render_notice(
    sums: dict[str, str], counts: dict[str, int], stats: Counter[str], license_text: str
) -> str:
    out = [
        "# PETRARCH2 / Phoenix dictionaries, converted",
        "",
        "Generated by `tools/import_petrarch2.py`; do not edit by hand. Regenerate with:",
        "",
        f"    {REGENERATE}",
        "",
        "## Origin",
        "",
        f"- Repository: {REPOSITORY}, folder `{SOURCE_FOLDER}`, commit `{COMMIT}` (2019-03-18).",
        "- Authors: the Open Event Data Alliance / Parus Analytics (Philip A. Schrodt and contributors);",
        "  Phoenix actor lists from CountryInfo.140130.txt (January 2014). Names and roles are as of 2014.",
        "- Input files and sha256 (checked against `SOURCE.txt` on every run):",
        "",
        "| file | sha256 |",
        "|---|---|",
    ]
    out.extend(f"| {name} | `{sums.get(name, '?')}` |" for name in INPUT_FILES)
    out += [
        "",
        *LICENCE_PROSE.splitlines(),
        "",
        "```",
        license_text.rstrip(),
        "```",
        "",
        "## Files",
        "",
        "| file | records | from |",
        "|---|---|---|",
        *(f"| {name} | {counts[name]:,} | {what} |" for name, what in FILE_ROLES),
        "",
        *METHOD_PROSE.splitlines(),
        "",
        "## Counts",
        "",
        "| what | count |",
        "|---|---|",
    ]
    out.extend(_stat_lines(stats, ""))
    out.append("")
    return "\n".join(out)


def run(source: Path, out_dir: Path, cameo_codes_path: Path, strict: bool = True) -> dict[str, int]:
    """Convert ``source`` into ``out_dir``; returns the number of records per output file."""
    sums = verify_sources(source, strict=strict)
    stats: Counter[str] = Counter()

    actor_files = [
        (name, parse_actor_file(read_lines(source / name), stats))
        for name in (
            COUNTRY_FILE,
            INTERNATIONAL_FILE,
            MILNONSTATE_FILE,
        )
    ]
    country_codes = {r.code for e in actor_files[0][1] if is_country_entry(e) for r in _bare_country_codes(e)}
    actors = convert_actor_entries(actor_files, country_codes, stats)
    agents = convert_agents(parse_agent_file(read_lines(source / AGENT_FILE), stats), stats)
    discards = parse_discard_file(read_lines(source / DISCARD_FILE), stats)
    vd = parse_verb_file(read_lines(source / VERB_FILE), stats)
    verbs = convert_verbs(vd, read_cameo_codes(cameo_codes_path), stats)

    out_dir.mkdir(parents=True, exist_ok=True)
    counts = {
        "persons.jsonl": write_jsonl(
            out_dir / "persons.jsonl", _sort_people(actors.persons, stats, "persons")
        ),
        "actors.jsonl": write_jsonl(out_dir / "actors.jsonl", _sort_people(actors.actors, stats, "actors")),
        "countries.jsonl": write_jsonl(out_dir / "countries.jsonl", actors.countries),
        "agents.jsonl": write_jsonl(out_dir / "agents.jsonl", agents),
        "discards.jsonl": write_jsonl(out_dir / "discards.jsonl", discards),
        "verbs.jsonl": write_jsonl(out_dir / "verbs.jsonl", verbs),
    }
    license_text = (source / LICENSE_FILE).read_text(encoding="utf-8")
    notice = render_notice(sums, counts, stats, license_text)
    (out_dir / "NOTICE.md").write_text(notice, encoding="utf-8", newline="\n")
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Convert the PETRARCH2 / Phoenix dictionaries into newsevents' dictionary formats "
        "(persons, actors, countries, agents, discards, verbs) with a NOTICE.md beside them.",
    )
    parser.add_argument(
        "--source", type=Path, required=True, help="folder with the PETRARCH2 files and SOURCE.txt"
    )
    parser.add_argument("--out", type=Path, required=True, help="output folder (created if missing)")
    parser.add_argument(
        "--cameo-codes",
        type=Path,
        default=DEFAULT_CAMEO_CODES,
        help="CAMEO event code table used to validate verb codes (default: %(default)s)",
    )
    parser.add_argument(
        "--allow-mismatch",
        action="store_true",
        help="warn instead of failing when an input's sha256 differs from SOURCE.txt",
    )
    args = parser.parse_args(argv)
    try:
        counts = run(args.source, args.out, args.cameo_codes, strict=not args.allow_mismatch)
    except ImportError_ as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for name, n in counts.items():
        print(f"{name}: {n:,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
