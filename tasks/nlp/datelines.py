"""Datelines: where a report was filed ("BEIRUT, Lebanon (AP) —", "WASHINGTON –", "Indianapolis – "). A
dateline is never part of an actor (:mod:`tasks.nlp.actors` drops matches inside one); its place is the
fallback place of the article's own events (:func:`dateline_place`, used by ``tasks/extract.py``).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tasks.nlp.places import Place

US_STATES_CSV = Path(__file__).resolve().parents[1] / "data" / "us_state_abbreviations.csv"

# A dateline at the start of a line: "BEIRUT, Lebanon (AP) —", "WASHINGTON –", "Indianapolis – ", "LONDON:".
# It says where the report was filed: a place, never an actor.
DATELINE = re.compile(
    r"^[ \t]*(?:[A-Z][A-Za-z.'’-]*(?:[ \t]+[A-Z][A-Za-z.'’-]*){0,3})"
    r"(?:,[ \t]*[A-Z][A-Za-z.'’-]*(?:[ \t]+[A-Z][A-Za-z.'’-]*){0,2})?"
    r"[ \t]*(?:(?:\([A-Za-z .&]{1,30}\))?[ \t]*(?:[—–]|--|-(?=[ \t])|:(?=[ \t]))"
    r"|\([A-Za-z .&]{1,30}\)(?=[A-Z]))",
    re.MULTILINE,
)
DATELINE_LINES = 3  # a dateline in mixed case ("Indianapolis –") only counts in the article's first lines


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Char spans of the datelines of ``text``: at the start of a line, at most 60 characters; in capitals
    ("BEIRUT, Lebanon (AP) —", "LONDON:") anywhere, in mixed case ("Indianapolis –", "Hong Kong (CNN)")
    only in the first lines (the title and the lede)."""
    out = []
    first_lines_end = 0
    for _ in range(DATELINE_LINES):
        nl = text.find("\n", first_lines_end)
        if nl < 0:
            first_lines_end = len(text)
            break
        first_lines_end = nl + 1
    for m in DATELINE.finditer(text):
        span = m.group(0)
        if m.end() - m.start() > 60:
            continue
        upper = _is_upper_dateline(span)
        if span.rstrip().endswith(":") and not upper:
            continue
        if not upper and m.start() >= first_lines_end:
            continue
        sep = span.rstrip(" \t")
        if not upper and len(sep) >= 2 and sep[-1] in "—–-" and not sep[-2].isspace() and sep[-2] != ")":
            continue  # "United States- Russia talks": a compound, not "Indianapolis – "
        out.append((m.start(), m.end()))
    return out


def _is_upper_dateline(s: str) -> bool:
    """Whether the place of a dateline is written in capitals ("LONDON:", "BEIRUT, Lebanon")."""
    head = s.split(",")[0].split("(")[0].strip(" \t:—–-")
    return len(head) >= 3 and head.isupper()


_OUTLET = re.compile(r"\([^)]{0,40}\)")


@lru_cache(maxsize=1)
def us_state_abbreviations() -> dict[str, str]:
    """AP-style and postal abbreviations of the US states ("calif" → "California"), keys without dots."""
    with US_STATES_CSV.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(line for line in fh if line.strip() and not line.startswith("#"))
        return {r["abbreviation"].replace(".", "").lower(): r["state"] for r in rows}


def dateline_place(dateline: str) -> Place | None:
    """The place a dateline names: "HAYWARD, Calif. (AP) —" is Hayward, US; "BEIRUT, Lebanon" Beirut.

    The part after the comma (a country, a US state or its abbreviation) decides the country: a city the
    gazetteer places elsewhere ("SANTA FE, N.M." is not the Argentinian Santa Fe) keeps its name and that
    country, without coordinates. A dateline that names no place ("BREAKING:") gives None.
    """
    from tasks.nlp.places import Place, geocode

    text = _OUTLET.sub(" ", dateline).strip(" \t:—–-")
    city, _, qualifier = (part.strip(" .") for part in text.partition(","))
    if not city:
        return None
    name = city.title() if city.isupper() else city
    place = geocode(name)
    if not qualifier:
        return place if place is not None and place.kind in ("city", "admin1", "country") else None
    state = us_state_abbreviations().get(qualifier.replace(".", "").lower())
    where = geocode(state) if state else geocode(qualifier.title() if qualifier.isupper() else qualifier)
    if where is None or where.country_code is None:
        return place
    if place is not None and place.country_code == where.country_code:
        return place
    return Place(name, where.country_code, None, None, "city")


def article_dateline_place(text: str) -> Place | None:
    """The place of the article's first dateline that names one (within the first lines, see
    :func:`dateline_spans`)."""
    for a, b in dateline_spans(text):
        place = dateline_place(text[a:b])
        if place is not None:
            return place
    return None


@lru_cache(maxsize=512)
def _alpha2(code: str) -> str | None:
    import pycountry

    record = pycountry.countries.get(alpha_3=code)
    return record.alpha_2 if record is not None else None


def of_its_country(place: Place, *actors: Any) -> bool:
    """Whether one of an event's actors (ISO 3166-1 alpha-3 countries) belongs to the country of a dateline's
    place (alpha-2): a dateline locates the events of its own country's actors, not a foreign war reported
    from there."""
    if place.country_code is None:
        return False
    return any(a is not None and a.country and _alpha2(a.country) == place.country_code for a in actors)
