"""Write the dates of the holidays named in ``tasks/data/holidays/holidays.csv`` for 1990-2040.

Input: the curated list of holidays (``tasks/data/holidays/holidays.csv``: key, how many days, the names
news uses for it) and the rule each key follows below. Output: ``tasks/data/holidays/dates.csv`` (key, year,
first day), sorted, with no time stamps: two runs give identical files.

Gregorian holidays are computed here: fixed days ("12-25"), the n-th or last weekday of a month (US federal
holidays), and Western and Orthodox Easter (``dateutil.easter``, the algorithm in the Explanatory Supplement
to the Astronomical Almanac). Lunar and lunisolar holidays (Diwali, Eid al-Fitr and al-Adha, the start of
Ramadan, Ashura, Passover, Hanukkah, Rosh Hashanah, Yom Kippur, the Lunar New Year, Nowruz, Vesak) are read
from the tables of python-holidays (https://github.com/vacanza/holidays, MIT, version pinned below), which
gives the observed Gregorian date of each; Islamic dates there are estimates, and may differ by a day from
what a country observes.

    pip install holidays==0.62   # only to regenerate; newsevents reads the CSV
    python tools/import_holidays.py
"""

from __future__ import annotations

import argparse
import calendar
import csv
import sys
from collections.abc import Callable, Iterable
from datetime import date, timedelta
from pathlib import Path

HOLIDAYS_VERSION = "0.62"
YEARS = range(1990, 2041)
FOLDER = Path(__file__).resolve().parents[1] / "tasks" / "data" / "holidays"

Rule = Callable[[int], Iterable[date]]


def fixed(month: int, day: int) -> Rule:
    return lambda year: [date(year, month, day)]


def nth_weekday(month: int, weekday: int, n: int) -> Rule:
    """The n-th (1-based; -1 for the last) ``weekday`` (Monday = 0) of ``month``."""

    def rule(year: int) -> list[date]:
        days = [d for d in range(1, calendar.monthrange(year, month)[1] + 1)]
        hits = [date(year, month, d) for d in days if date(year, month, d).weekday() == weekday]
        return [hits[n - 1] if n > 0 else hits[n]]

    return rule


def shifted(rule: Rule, days: int) -> Rule:
    return lambda year: [d + timedelta(days=days) for d in rule(year)]


def rules() -> dict[str, Rule]:
    from dateutil.easter import EASTER_ORTHODOX, easter
    from holidays.calendars.buddhist import _BuddhistLunisolar
    from holidays.calendars.chinese import _ChineseLunisolar
    from holidays.calendars.hebrew import _HebrewLunisolar
    from holidays.calendars.hindu import _HinduLunisolar
    from holidays.calendars.islamic import _IslamicLunar
    from holidays.calendars.persian import _Persian

    islamic = _IslamicLunar()

    def lunar(method: Callable[[int], object]) -> Rule:
        def rule(year: int) -> list[date]:
            found = method(year)
            if found is None:
                return []
            if isinstance(found, tuple):  # (date, estimated)
                found = [found]
            if isinstance(found, date):
                found = [(found, False)]
            return [d for d, _ in found if d is not None and d.year == year]  # type: ignore[union-attr]

        return rule

    def hebrew(name: str) -> Rule:
        return lambda year: [d] if (d := _HebrewLunisolar._get_holiday(name, year)) else []

    thanksgiving = nth_weekday(11, 3, 4)
    western_easter: Rule = lambda year: [easter(year)]  # noqa: E731
    return {
        "new_years_day": fixed(1, 1),
        "orthodox_christmas": fixed(1, 7),
        "mlk_day": nth_weekday(1, 0, 3),
        "valentines_day": fixed(2, 14),
        "good_friday": shifted(western_easter, -2),
        "easter": western_easter,
        "easter_monday": shifted(western_easter, 1),
        "orthodox_easter": lambda year: [easter(year, EASTER_ORTHODOX)],
        "memorial_day": nth_weekday(5, 0, -1),
        "fourth_of_july": fixed(7, 4),
        "bastille_day": fixed(7, 14),
        "labor_day": nth_weekday(9, 0, 1),
        "halloween": fixed(10, 31),
        "guy_fawkes_night": fixed(11, 5),
        "veterans_day": fixed(11, 11),
        "remembrance_day": fixed(11, 11),
        "thanksgiving": thanksgiving,
        "black_friday": shifted(thanksgiving, 1),
        "christmas_eve": fixed(12, 24),
        "christmas": fixed(12, 25),
        "boxing_day": fixed(12, 26),
        "new_years_eve": fixed(12, 31),
        "diwali": lunar(_HinduLunisolar().diwali_date),
        "lunar_new_year": lunar(_ChineseLunisolar().lunar_new_year_date),
        "vesak": lunar(_BuddhistLunisolar().vesak_date),
        "nowruz": lunar(_Persian().new_year_date),
        "ramadan": lunar(islamic.ramadan_beginning_dates),
        "eid_al_fitr": lunar(islamic.eid_al_fitr_dates),
        "eid_al_adha": lunar(islamic.eid_al_adha_dates),
        "ashura": lunar(islamic.ashura_dates),
        "passover": hebrew("PASSOVER"),
        "rosh_hashanah": hebrew("ROSH_HASHANAH"),
        "yom_kippur": hebrew("YOM_KIPPUR"),
        "hanukkah": hebrew("HANUKKAH"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--folder", type=Path, default=FOLDER)
    args = parser.parse_args(argv)
    import holidays

    if holidays.__version__ != HOLIDAYS_VERSION:
        print(f"python-holidays {holidays.__version__} installed; the tables came from {HOLIDAYS_VERSION}")
    with (args.folder / "holidays.csv").open(encoding="utf-8") as f:
        keys = [row["holiday"] for row in csv.DictReader(f)]
    table = rules()
    missing = [k for k in keys if k not in table]
    if missing:
        print(f"no rule for: {', '.join(missing)}", file=sys.stderr)
        return 1
    rows = sorted({(k, d) for k in keys for year in YEARS for d in table[k](year)})
    with (args.folder / "dates.csv").open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["holiday", "date"])
        out.writerows((k, d.isoformat()) for k, d in rows)
    print(f"{len(rows)} dates of {len(keys)} holidays, {YEARS.start}-{YEARS.stop - 1}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
