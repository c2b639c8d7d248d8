"""Write ``tasks/data/actors/subdivisions.jsonl``: first-level subdivisions (US states, Indian states,
Chinese provinces, ...) that code as their country, from ISO 3166-2 as packaged by pycountry.

"Texas sued the administration", "Sen. Ted Cruz, R-Texas", "federal prosecutors in Texas": CAMEO codes a
state or province as its country. A name that is also a country or capital in ``countries.jsonl``
("Georgia", "Hong Kong") or the name of subdivisions of two countries ("Punjab") is left out, so the country
entry keeps it. Run: ``python tools/import_subdivisions.py`` (re-running gives the same file).
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import pycountry

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tasks" / "data" / "actors" / "subdivisions.jsonl"
# alpha-2 → subdivision types kept (first-level units that news names as places)
KEEP: dict[str, tuple[str, ...]] = {
    "US": ("State", "District"),
    "IN": ("State", "Union territory"),
    "CA": ("Province", "Territory"),
    "AU": ("State", "Territory"),
    "NG": ("State", "Capital territory"),
    "MX": ("State",),
    "BR": ("State",),
    "DE": ("Land",),
    "CN": ("Province", "Autonomous region"),
    "PK": ("Province",),
    "AF": ("Province",),
    "SY": ("Province",),
    "IQ": ("Governorate", "Region"),
    "UA": ("Region", "Republic"),
    "RU": ("Republic", "Administrative region", "Administrative territory"),
    "IR": ("Province",),
    "GB": ("Country",),
    "ET": ("Regional state",),
    "SO": ("Region",),
    "YE": ("Governorate",),
    "LY": ("Popularate",),
    "SD": ("State",),
    "SS": ("State",),
    "PH": ("Region",),
    "ID": ("Province",),
    "ZA": ("Province",),
    "KE": ("County",),
}


# Chinese subdivision names carry their type in pinyin ("Anhui Sheng", "Xinjiang Uygur Zizhiqu"); news writes
# the bare name, and English uses its own name for two of them (the English short names of ISO 3166-2:CN).
# ISO 3166-2:UA gives Crimea its Ukrainian name only; English news writes "Crimea" (Phoenix's country
# dictionary codes it UKR too).
TYPE_SUFFIXES = (" Huizu Zizhiqu", " Zhuangzu Zizhiqu", " Uygur Zizhiqu", " Zizhiqu", " Sheng")
ENGLISH_NAMES = {"Nei Mongol": "Inner Mongolia", "Xizang": "Tibet", "Avtonomna Respublika Krym": "Crimea"}


def short_names(name: str) -> set[str]:
    """ "Xinjiang Uygur Zizhiqu" → {"Xinjiang Uygur Zizhiqu", "Xinjiang"}; "Nei Mongol Zizhiqu" → also
    "Inner Mongolia"; "Avtonomna Respublika Krym" → also "Crimea"."""
    out = {name}
    if name in ENGLISH_NAMES:
        out.add(ENGLISH_NAMES[name])
    for suffix in TYPE_SUFFIXES:
        if name.endswith(suffix):
            bare = name[: -len(suffix)]
            out.update({bare, ENGLISH_NAMES.get(bare, bare)})
            break
    return out


def country_names(files: tuple[str, ...] = ("countries.jsonl",)) -> set[str]:
    """Lower-cased names, capitals and demonyms of the ``country`` records of these files of
    ``tasks/data/actors`` (also used by ``tools/import_cities.py``)."""
    names: set[str] = set()
    for file in files:
        for line in (REPO / "tasks" / "data" / "actors" / file).read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            rec = json.loads(line)
            for key in ("names", "capitals", "adjectives"):
                names.update(n.lower() for n in rec.get(key, []))
    return names


def ascii_fold(name: str) -> str:
    """ "Herāt" → "Herat": news writes most such names without diacritics."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def main() -> int:
    taken = country_names()
    by_name: dict[str, set[str]] = defaultdict(set)
    rows: dict[str, list[str]] = defaultdict(list)
    for a2, types in KEEP.items():
        country = pycountry.countries.get(alpha_2=a2)
        assert country is not None, a2
        for sub in pycountry.subdivisions.get(country_code=a2) or []:
            if sub.type not in types:
                continue
            name = sub.name.split(" [")[0].split(" (")[0].strip()
            if "," in name or len(name) < 4:
                continue
            for variant in {v for n in short_names(name) for v in (n, ascii_fold(n))}:
                by_name[variant.lower()].add(country.alpha_3)
                rows[country.alpha_3].append(variant)
    lines = [
        "# First-level subdivisions that code as their country (ISO 3166-2 via pycountry "
        f"{pycountry.__version__ if hasattr(pycountry, '__version__') else ''}); written by "
        "tools/import_subdivisions.py. Names that are also countries or capitals, or that two countries "
        "share, are left out."
    ]
    for code in sorted(rows):
        names = sorted({n for n in rows[code] if n.lower() not in taken and len(by_name[n.lower()]) == 1})
        if names:
            rec = {"type": "country", "code": code, "names": [], "capitals": names, "case_sensitive": names}
            lines.append(json.dumps(rec, ensure_ascii=False))
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: {sum(len(json.loads(x)['capitals']) for x in lines[1:])} names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
