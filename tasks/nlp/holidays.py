"""Holidays as dates: "on Christmas Eve", "ahead of Diwali", "during Ramadan", "after Thanksgiving 2018".

The holidays and the names news uses for them are data (``tasks/data/holidays/holidays.csv``, curated); the
day each falls on in 1990-2040 is a table written by ``tools/import_holidays.py`` (``dates.csv``: computed for
Gregorian holidays, read from python-holidays for lunar ones; see ``SOURCE.md`` there).

Which year: a written year wins, then "last"/"next"/"this"; otherwise the occurrence the tense points to: a
past event takes the last one on or before the publication date, a future event the next one on or after
it, and a past event "ahead of" or "before" a holiday the coming one when it is at most 45 days away.
Precision: the day for a one-day holiday named alone or with "on"/"at"; the month of the holiday for a
relation ("ahead of", "after", "since") or a holiday of several days (Ramadan, Passover, Hanukkah).
"""

from __future__ import annotations

import csv
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

FOLDER = Path(__file__).resolve().parents[1] / "data" / "holidays"

# Words before a holiday name that belong to the date expression; "ahead of" and "before" look either way.
_RELATIONS = (
    r"ahead of|in the run-up to|in the run up to|before|after|since|until|till|on|at|during|over|for|by"
)
_BEFORE = frozenset({"ahead of", "in the run-up to", "in the run up to", "before", "until", "till", "by"})
# A past event "ahead of" a holiday still to come: the holiday is at most this many days away.
_AHEAD_DAYS = 45
_EXACT = frozenset({"", "on", "at"})
# Words after the name that do not change the date ("the Thanksgiving holiday", "Easter weekend").
_TRAILING = r"day|holiday|holidays|weekend|festival|festivities|celebrations|season|break|eve|night|week"
# Trailing words that widen a one-day holiday to its month.
_WIDE_TRAILING = frozenset({"holidays", "season", "week", "festivities", "celebrations"})


@dataclass(frozen=True)
class Holiday:
    key: str
    days: int
    dates: tuple[date, ...]


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, Holiday], tuple[str, ...]]:
    """Normalised name → holiday, and the names as written (for scanning text), longest first. Names are
    normalised as :func:`tasks.nlp.dates.resolve_expression` normalises what it reads."""
    from tasks.nlp.dates import _normalise  # imported here: dates imports this module

    dates: dict[str, list[date]] = {}
    with (FOLDER / "dates.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            dates.setdefault(row["holiday"], []).append(date.fromisoformat(row["date"]))
    by_name: dict[str, Holiday] = {}
    written: list[str] = []
    with (FOLDER / "holidays.csv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            key = row["holiday"]
            if key not in dates:
                raise ValueError(
                    f"holidays.csv: {key} has no dates in dates.csv (run tools/import_holidays.py)"
                )
            holiday = Holiday(key, int(row["days"]), tuple(sorted(dates[key])))
            for name in row["names"].split("|"):
                by_name[_normalise(name)] = holiday
                written.append(name)
    return by_name, tuple(sorted(written, key=len, reverse=True))


@lru_cache(maxsize=1)
def scan_pattern() -> re.Pattern[str]:
    """Holiday names in running text, with the relation before them and a year after:
    "ahead of Diwali", "on Christmas Eve", "Easter 2019". Case matters: names are proper nouns. (Whether a
    match names a time, or is part of "Easter Island", the parse decides: ``tasks.nlp.dates``.)"""
    names = "|".join(re.escape(n) for n in _table()[1])
    return re.compile(
        rf"(?:\b(?:{_RELATIONS}) (?:the )?)?\b(?:{names})\b(?: (?:{_TRAILING})\b)?(?:,? \d{{4}}\b)?"
    )


_EXPRESSION = re.compile(
    rf"^(?:(?P<rel>{_RELATIONS}) )?(?:the )?(?:(?P<mod>this|last|next)(?: year's)? )?"
    rf"(?P<name>.+?)(?: (?P<trail>{_TRAILING}))?(?: (?P<year>\d{{4}}))?$"
)


def resolve_holiday(expr: str, published: date | None, tense: str | None) -> tuple[date, str] | None:
    """``(date, precision)`` of a normalised expression that names a holiday, or ``None``."""
    m = _EXPRESSION.match(expr)
    if m is None:
        return None
    by_name = _table()[0]
    name, trail = m["name"], m["trail"] or ""
    holiday = by_name.get(f"{name} {trail}") if trail else None  # "christmas eve" is a name of its own
    if holiday is not None:
        trail = ""
    else:
        holiday = by_name.get(name)
    if holiday is None:
        return None
    found = _occurrence(holiday, m["rel"] or "", m["mod"] or "", m["year"], published, tense)
    if found is None:
        return None
    exact = (m["rel"] or "") in _EXACT and holiday.days == 1 and trail not in _WIDE_TRAILING
    return (found, "day") if exact else (found.replace(day=1), "month")


def _occurrence(
    holiday: Holiday,
    relation: str,
    modifier: str,
    year: str | None,
    published: date | None,
    tense: str | None,
) -> date | None:
    dates = holiday.dates
    if year is not None:
        return next((d for d in dates if d.year == int(year)), None)
    if published is None:
        return None
    if modifier:
        wanted = published.year + {"this": 0, "last": -1, "next": 1}[modifier]
        return next((d for d in dates if d.year == wanted), None)
    # a holiday of several days has begun by its first day: "during Ramadan" on its tenth day is this one
    last_day = timedelta(days=holiday.days - 1)
    before = dates[: bisect_right(dates, published)]
    after = dates[bisect_left(dates, published) :]
    if tense == "future":
        current = [d for d in before if d + last_day >= published] or after
        return current[0] if current else None
    if relation in _BEFORE and after and (after[0] - published).days <= _AHEAD_DAYS:
        return after[0]  # "shops stocked up ahead of Christmas" in mid-December
    return before[-1] if before else None
