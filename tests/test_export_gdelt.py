"""GDELT 2.0 Events export: 61 columns in GDELT's order, parsed back with GDELT's column names and types."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from newsevents.exports import (
    GDELT_COLUMNS,
    GEO_COUNTRY,
    GEO_US_CITY,
    GEO_US_STATE,
    GEO_WORLD_CITY,
    export_gdelt,
    fraction_date,
    read_gdelt,
    resolve_geo,
    split_actor_code,
)
from tasks.db import open_readonly
from tests.analyst_db import build_analyst_db

runner = CliRunner()

# GDELT 2.0 Event Codebook: 1-based field positions of a few columns.
CODEBOOK_POSITIONS = {
    1: "GLOBALEVENTID", 2: "SQLDATE", 5: "FractionDate", 6: "Actor1Code", 16: "Actor2Code", 26: "IsRootEvent",
    27: "EventCode", 28: "EventBaseCode", 29: "EventRootCode", 30: "QuadClass", 31: "GoldsteinScale",
    32: "NumMentions", 33: "NumSources", 34: "NumArticles", 35: "AvgTone", 36: "Actor1Geo_Type",
    44: "Actor2Geo_Type", 52: "ActionGeo_Type", 53: "ActionGeo_FullName", 54: "ActionGeo_CountryCode",
    57: "ActionGeo_Lat", 58: "ActionGeo_Long", 59: "ActionGeo_FeatureID", 60: "DATEADDED", 61: "SOURCEURL",
}  # fmt: skip


@pytest.fixture(scope="module")
def analyst_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_analyst_db(tmp_path_factory.mktemp("gdelt") / "analyst.duckdb")


@pytest.fixture(scope="module")
def exported(analyst_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gdelt-out") / "events.export.CSV"
    conn = open_readonly(analyst_db)
    try:
        stats = export_gdelt(conn, out)
    finally:
        conn.close()
    assert stats.written == 7 and stats.skipped == 0
    return out


def test_gdelt_columns_are_gdelt_2_order() -> None:
    assert len(GDELT_COLUMNS) == 61 == len(set(GDELT_COLUMNS))
    for position, name in CODEBOOK_POSITIONS.items():
        assert GDELT_COLUMNS[position - 1] == name
    for prefix in ("Actor1Geo_", "Actor2Geo_", "ActionGeo_"):
        block = [c.removeprefix(prefix) for c in GDELT_COLUMNS if c.startswith(prefix)]
        assert block == [
            "Type",
            "FullName",
            "CountryCode",
            "ADM1Code",
            "ADM2Code",
            "Lat",
            "Long",
            "FeatureID",
        ]


def test_gdelt_file_is_61_tab_separated_columns_without_header(exported: Path) -> None:
    lines = exported.read_text(encoding="utf-8").split("\n")
    assert lines[-1] == ""  # ends with a newline
    lines = lines[:-1]
    assert len(lines) == 7
    assert all(line.count("\t") == 60 for line in lines)
    assert not lines[0].startswith("GLOBALEVENTID")


def test_gdelt_round_trip_types_and_codes(exported: Path) -> None:
    rows = read_gdelt(exported)
    assert len(rows) == 7
    ids = [int(r["GLOBALEVENTID"]) for r in rows]
    assert len(set(ids)) == 7 and all(0 < i < 2**63 for i in ids)
    for r in rows:
        day = datetime.strptime(r["SQLDATE"], "%Y%m%d").date()
        assert r["MonthYear"] == r["SQLDATE"][:6] and r["Year"] == r["SQLDATE"][:4]
        assert day.year <= float(r["FractionDate"]) < day.year + 1
        assert r["IsRootEvent"] in {"0", "1"}
        assert len(r["EventCode"]) in (3, 4) and r["EventCode"].isdigit()
        assert r["EventCode"].startswith(r["EventBaseCode"]) and r["EventBaseCode"].startswith(
            r["EventRootCode"]
        )
        assert len(r["EventRootCode"]) == 2
        assert int(r["QuadClass"]) in {1, 2, 3, 4}
        assert -10 <= float(r["GoldsteinScale"]) <= 10
        assert int(r["NumMentions"]) >= 1 and int(r["NumSources"]) >= 1 and int(r["NumArticles"]) >= 1
        assert r["AvgTone"] == ""
        assert r["Actor1Geo_Type"] == r["Actor2Geo_Type"] == "0"
        assert int(r["ActionGeo_Type"]) in range(6)
        if r["ActionGeo_Lat"]:
            assert -90 <= float(r["ActionGeo_Lat"]) <= 90 and -180 <= float(r["ActionGeo_Long"]) <= 180
        datetime.strptime(r["DATEADDED"], "%Y%m%d%H%M%S")
        assert r["SOURCEURL"].startswith("https://")
        assert r["Actor1Code"] and r["Actor1Name"] == r["Actor1Name"].upper()


def test_gdelt_values_of_known_events(exported: Path) -> None:
    rows = {(r["Actor1Code"], r["Actor2Code"], r["EventCode"]): r for r in read_gdelt(exported)}
    talks = rows[("RUS", "USA", "046")]
    assert (talks["SQLDATE"], talks["QuadClass"], talks["GoldsteinScale"]) == ("20220110", "1", "7")
    assert (talks["NumMentions"], talks["NumSources"], talks["NumArticles"]) == ("3", "3", "3")
    assert talks["IsRootEvent"] == "1"
    assert talks["ActionGeo_Type"] == str(GEO_WORLD_CITY)
    assert talks["ActionGeo_FullName"] == "Geneva, Switzerland"
    assert talks["ActionGeo_CountryCode"] == "SZ"  # FIPS 10-4, as GDELT uses, not ISO CH
    assert (talks["ActionGeo_Lat"], talks["ActionGeo_Long"]) == ("46.2022", "6.1457")
    assert talks["SOURCEURL"] == "https://global-wire.example/2021/12/27/us-russia-talks"
    assert talks["DATEADDED"] == "20240502120000"
    assert talks["Actor1CountryCode"] == "RUS" and talks["Actor2CountryCode"] == "USA"
    statement = rows[("USAGOV", "RUS", "036")]
    assert (statement["Actor1CountryCode"], statement["Actor1Type1Code"]) == ("USA", "GOV")
    assert statement["Actor1Name"] == "THE UNITED STATES"
    protest = rows[("GEOCVL", "GEOLEG", "141")]
    assert protest["ActionGeo_CountryCode"] == "GG" and protest["ActionGeo_ADM1Code"].startswith("GG")
    assert protest["Actor1Type1Code"] == "CVL" and protest["Actor2Type1Code"] == "LEG"
    country = rows[("RUS", "UKR", "154")]
    assert (country["ActionGeo_Type"], country["ActionGeo_CountryCode"]) == (str(GEO_COUNTRY), "UP")
    assert country["IsRootEvent"] == "0"
    assert ("RUS", "UKR", "138") not in rows  # denied: it did not happen


def test_gdelt_duckdb_reads_it_with_gdelt_types(exported: Path) -> None:
    types = {
        "GLOBALEVENTID": "BIGINT", "SQLDATE": "INTEGER", "MonthYear": "INTEGER", "Year": "INTEGER",
        "FractionDate": "DOUBLE", "IsRootEvent": "INTEGER", "EventCode": "VARCHAR",
        "EventBaseCode": "VARCHAR", "EventRootCode": "VARCHAR", "QuadClass": "INTEGER",
        "GoldsteinScale": "DOUBLE", "NumMentions": "INTEGER", "NumSources": "INTEGER",
        "NumArticles": "INTEGER", "AvgTone": "DOUBLE", "ActionGeo_Type": "INTEGER",
        "ActionGeo_Lat": "DOUBLE", "ActionGeo_Long": "DOUBLE", "DATEADDED": "BIGINT",
    }  # fmt: skip
    conn = duckdb.connect()
    rel = conn.read_csv(
        str(exported), sep="\t", header=False, names=list(GDELT_COLUMNS), all_varchar=True, quotechar=""
    )
    conn.register("raw", rel)
    casts = ", ".join(f"CAST(NULLIF({c}, '') AS {t}) AS {c}" for c, t in types.items())
    rows = conn.execute(f"SELECT {casts} FROM raw ORDER BY SQLDATE, GLOBALEVENTID").fetchall()
    assert len(rows) == 7
    first = dict(zip(types, rows[0], strict=True))
    assert first["SQLDATE"] == 20211227 and first["EventCode"] in {"036", "154"}
    assert all(r[list(types).index("AvgTone")] is None for r in rows)
    conn.close()


def test_gdelt_ids_are_stable_across_exports_and_rebuilds(exported: Path, tmp_path: Path) -> None:
    rebuilt = build_analyst_db(tmp_path / "rebuilt.duckdb")
    conn = open_readonly(rebuilt)
    try:
        export_gdelt(conn, tmp_path / "again.tsv")
    finally:
        conn.close()
    assert (tmp_path / "again.tsv").read_text(encoding="utf-8") == exported.read_text(encoding="utf-8")


def test_gdelt_header_and_all_statuses(analyst_db: Path, tmp_path: Path) -> None:
    conn = open_readonly(analyst_db)
    try:
        stats = export_gdelt(conn, tmp_path / "all.tsv", header=True, include_all=True)
    finally:
        conn.close()
    lines = (tmp_path / "all.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0].split("\t") == list(GDELT_COLUMNS)
    assert stats.written == 8 == len(read_gdelt(tmp_path / "all.tsv"))


def test_gdelt_cli(analyst_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "cli.tsv"
    res = runner.invoke(app, ["export", "gdelt", str(out), "--db", str(analyst_db)])
    assert res.exit_code == 0, res.output
    assert "7 GDELT event row(s)" in " ".join(res.output.split())
    assert len(read_gdelt(out)) == 7


def test_gdelt_cli_missing_database(tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["export", "gdelt", str(tmp_path / "x.tsv"), "--db", str(tmp_path / "nope.duckdb")]
    )
    assert res.exit_code == 2 and "no database" in res.output and "Traceback" not in res.output


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2019, 1, 25), 2019.0685), (date(2022, 1, 10), 2022.0274), (date(2021, 12, 31), 2021.9999)],
)
def test_gdelt_fraction_date(day: date, expected: float) -> None:
    assert fraction_date(day) == expected


@pytest.mark.parametrize(
    ("code", "country", "expected"),
    [
        ("USAGOV", "USA", ("GOV", "", "")),
        ("RUSMILGOV", "RUS", ("MIL", "GOV", "")),
        ("USA", "USA", ("", "", "")),
        ("NATO", None, ("", "", "")),
        ("GEOCVL", "RUS", ("", "", "")),
    ],
)
def test_gdelt_split_actor_code(code: str, country: str | None, expected: tuple[str, str, str]) -> None:
    assert split_actor_code(code, country) == expected


@pytest.mark.parametrize(
    ("name", "iso", "geo_type", "fips"),
    [
        ("Ukraine", "UA", GEO_COUNTRY, "UP"),
        ("Germany", None, GEO_COUNTRY, "GM"),
        ("Texas", "US", GEO_US_STATE, "US"),
        ("Chicago", "US", GEO_US_CITY, "US"),
        ("Tbilisi", "GE", GEO_WORLD_CITY, "GG"),
        ("Somewhere Unlisted", "FR", GEO_WORLD_CITY, "FR"),
    ],
)
def test_gdelt_resolve_geo(name: str, iso: str | None, geo_type: int, fips: str) -> None:
    geo = resolve_geo(name, iso, None, None)
    assert (geo.type, geo.country_fips) == (geo_type, fips)
    assert len(geo.cells()) == 8
