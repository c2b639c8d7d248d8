"""newsevents report: the HTML page, its PNG charts (real images of the stated size), escaping, no data."""

from __future__ import annotations

import base64
import re
import struct
from pathlib import Path

import duckdb
import pytest
from PIL import Image
from typer.testing import CliRunner

from newsevents.cli import app
from tasks.db import migrate
from tasks.report import CHARTS, build, build_report, figures_markdown
from tests.analyst_db import build_analyst_db

runner = CliRunner()
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the PNG header (IHDR is always the first chunk)."""
    assert data[:8] == PNG_MAGIC and data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def analyst_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_analyst_db(tmp_path_factory.mktemp("report") / "analyst.duckdb")


@pytest.fixture(scope="module")
def report(analyst_db: Path, tmp_path_factory: pytest.TempPathFactory):
    return build_report(analyst_db, tmp_path_factory.mktemp("report-out") / "report.html")


def test_report_writes_every_chart_as_a_png_of_the_stated_size(report) -> None:
    assert set(report.charts) == set(CHARTS)
    for name, path in report.charts.items():
        assert path.name == f"report-{name}.png" and path.parent == report.html.parent
        data = path.read_bytes()
        assert len(data) > 5_000, name
        assert png_size(data) == CHARTS[name][1], name
        with Image.open(path) as img:
            img.load()
            colors = img.convert("RGB").getcolors(maxcolors=1_000_000)
        assert colors is not None and len(colors) > 50, f"{name} looks blank"


def test_report_html_embeds_the_same_pngs(report) -> None:
    page = report.html.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    embedded = re.findall(r"src='data:image/png;base64,([A-Za-z0-9+/=]+)'", page)
    assert len(embedded) == len(CHARTS)
    files = {p.read_bytes() for p in report.charts.values()}
    assert {base64.b64decode(b) for b in embedded} == files
    assert (
        "http://" not in page.replace("https://", "") or "<script" not in page
    )  # nothing fetched at view time
    assert "<script" not in page and "<link" not in page


def test_report_shows_key_figures_and_evidence(report) -> None:
    page = report.html.read_text(encoding="utf-8")
    assert report.figures["articles"] == 3 and report.figures["events"] == 9
    assert "Sample of events with their evidence" in page
    assert "Police <mark>detained</mark> at least 63 people" in page
    assert "Moscow denied any plan to <mark>attack</mark> Ukraine." in page
    assert "quote by the spokesperson for the National Security Council" in page
    assert "<b>141</b> Demonstrate or rally" in page or "<b>141</b>" in page
    assert 'href="https://caucasus-daily.example/2024/05/01/tbilisi-protest"' in page


def test_report_escapes_text_and_refuses_script_urls(analyst_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "hostile.duckdb"
    copy.write_bytes(analyst_db.read_bytes())
    conn = duckdb.connect(str(copy))
    conn.execute(
        "UPDATE sentences SET text = 'Police detained <script>alert(1)</script> & \"friends\"' "
        "WHERE text LIKE 'Police detained%'"
    )
    conn.execute(
        "UPDATE articles SET url = 'javascript:alert(2)', source = '<b>Caucasus</b>'"
        " WHERE source = 'Caucasus Daily'"
    )
    conn.close()
    page = build_report(copy, tmp_path / "r.html").html.read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&amp; &quot;friends&quot;" in page
    assert "javascript:" not in page
    assert "&lt;b&gt;Caucasus&lt;/b&gt;" in page


def test_report_on_an_empty_database_says_there_is_no_data(tmp_path: Path) -> None:
    db = tmp_path / "empty.duckdb"
    conn = duckdb.connect(str(db))
    migrate(conn)
    conn.close()
    result = build_report(db, tmp_path / "empty.html")
    page = result.html.read_text(encoding="utf-8")
    assert result.charts == {} and not list(tmp_path.glob("*.png"))
    assert "id=no-data" in page and "No data yet: the database has no articles" in page
    assert "data:image/png" not in page


def test_report_with_articles_but_no_events(analyst_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "noevents.duckdb"
    copy.write_bytes(analyst_db.read_bytes())
    conn = duckdb.connect(str(copy))
    conn.execute("DELETE FROM event_mentions")
    conn.execute("DELETE FROM events")
    conn.close()
    result = build_report(copy, tmp_path / "r.html")
    page = result.html.read_text(encoding="utf-8")
    assert result.charts == {}
    assert "No events yet: 3 article(s) are loaded" in page


def test_report_figures_markdown(analyst_db: Path, tmp_path: Path) -> None:
    built = build(str(analyst_db), str(tmp_path / "r.html"))
    md = figures_markdown(built)
    assert "| events | 9 |" in md and "r-map.png" in md and str((tmp_path / "r.html").resolve()) in md
    assert "| first event date | 2021-12-27 |" in md


def test_report_cli(analyst_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "cli.html"
    res = runner.invoke(
        app, ["report", "--out", str(out), "--db", str(analyst_db), "--top", "3", "--sample", "2"]
    )
    assert res.exit_code == 0, res.output
    assert "9 event(s) from 3 article(s), 5 chart(s)" in " ".join(res.output.split())
    page = out.read_text(encoding="utf-8")
    assert page.count("<tr>") == 3  # header + 2 sampled events
    assert (tmp_path / "sub" / "cli-timeline.png").is_file()


def test_report_cli_missing_database(tmp_path: Path) -> None:
    res = runner.invoke(
        app, ["report", "--out", str(tmp_path / "r.html"), "--db", str(tmp_path / "nope.duckdb")]
    )
    assert res.exit_code == 2 and "no database" in res.output and "Traceback" not in res.output


@pytest.mark.integration
def test_report_on_the_ingested_seeds(seed_db: Path, tmp_path: Path) -> None:
    result = build_report(seed_db, tmp_path / "seeds.html")
    page = result.html.read_text(encoding="utf-8")
    conn = duckdb.connect(str(seed_db), read_only=True)
    try:
        events = conn.execute("SELECT count(*) FROM events").fetchall()[0][0]
        articles = conn.execute("SELECT count(*) FROM articles").fetchall()[0][0]
    finally:
        conn.close()
    assert result.figures["events"] == events and result.figures["articles"] == articles
    if events:
        assert "timeline" in result.charts and "Sample of events with their evidence" in page
        for name, path in result.charts.items():
            assert png_size(path.read_bytes()) == CHARTS[name][1]
    else:
        assert "id=no-data" in page
