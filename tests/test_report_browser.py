"""The report in a real headless Chromium: the page loads offline, every chart image decodes at its size."""

from __future__ import annotations

import functools
import http.server
import shutil
import struct
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tasks.report import CHARTS, build_report
from tests.analyst_db import build_analyst_db

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run",
]  # fmt: skip

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="Debian chromium is not installed (apt-get install chromium)"
    ),
]


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("browser")
    db = build_analyst_db(root / "analyst.duckdb")
    out = root / "site"
    build_report(db, out / "report.html")
    return out


@pytest.fixture(scope="module")
def loopback_server(report_dir: Path) -> Iterator[str]:
    """A real HTTP server on 127.0.0.1 serving the report folder."""

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    handler = functools.partial(Quiet, directory=str(report_dir))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def _open_page(url: str, shot: Path) -> dict[str, object]:
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 900})
            page.on("request", lambda req: requests.append(req.url))
            page.goto(url, wait_until="load")
            images = page.evaluate(
                "Array.from(document.querySelectorAll('img.chart-img')).map(i => ({"
                "id: i.closest('section').id, w: i.naturalWidth, h: i.naturalHeight, ok: i.complete}))"
            )
            marks = page.evaluate("document.querySelectorAll('#evidence mark').length")
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    return {"images": images, "marks": marks, "requests": requests}


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("via", ["file", "http"])
def test_report_browser_draws_every_chart(via: str, report_dir: Path, request: pytest.FixtureRequest,
                                          tmp_path: Path) -> None:  # fmt: skip
    if via == "file":
        url = (report_dir / "report.html").as_uri()
    else:
        url = request.getfixturevalue("loopback_server") + "/report.html"
    seen = _open_page(url, tmp_path / "shot.png")
    images = {img["id"]: img for img in seen["images"]}  # type: ignore[union-attr, index]
    assert set(images) == {f"chart-{name}" for name in CHARTS}
    for name, (_title, (width, height)) in CHARTS.items():
        img = images[f"chart-{name}"]
        assert img["ok"] and img["w"] == width and img["h"] == height, img
    assert seen["marks"] == 9  # every sampled event has its trigger highlighted
    # Self-contained: the only request is the page itself (charts are inline data: URLs).
    assert [u for u in seen["requests"] if not u.startswith("data:")] == [url]
    width, height = _png_size(tmp_path / "shot.png")
    assert width == 1200 and height > 2000


def test_report_browser_cli_screenshot_of_empty_report(tmp_path: Path) -> None:
    """Chromium's own --screenshot on the empty-database page (no Playwright needed)."""
    import subprocess

    import duckdb

    from tasks.db import migrate

    db = tmp_path / "empty.duckdb"
    conn = duckdb.connect(str(db))
    migrate(conn)
    conn.close()
    page = build_report(db, tmp_path / "empty.html").html
    shot = tmp_path / "empty.png"
    chromium = shutil.which("chromium") or str(CHROMIUM)
    subprocess.run(
        [chromium, *CHROMIUM_ARGS, "--window-size=1000,600", f"--screenshot={shot}", page.as_uri()],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert _png_size(shot) == (1000, 600)
    dom = subprocess.run(
        [chromium, *CHROMIUM_ARGS, "--dump-dom", page.as_uri()], check=True, capture_output=True, text=True,
        timeout=120,
    ).stdout  # fmt: skip
    assert 'id="no-data"' in dom and "No data yet" in dom
