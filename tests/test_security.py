"""Security (docs/SECURITY.md): what newsevents reads cannot reach outside its job.

- ``newsevents sql`` cannot change the database, and answers a bad file in one line;
- a hostile feed cannot make the fetcher reach private addresses, directly or through a redirect;
- names of files written from inputs are content hashes, never paths taken from URLs;
- no untrusted input reaches a shell, ``eval`` or string-built SQL (ruff's bandit rules, run here so that
  ``make test`` enforces them);
- the dependency audit says plainly when it could not audit anything.
"""

from __future__ import annotations

import json
import re
import runpy
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from httpserver import LocalServer, Reply, article_html, rss
from typer.testing import CliRunner

from newsevents.cli import app
from tasks.cache import batch_key
from tasks.clean import CleanOptions
from tasks.fetch import FetchOptions
from tasks.netguard import NetGuard
from tasks.records import RawDocument, Reject
from tasks.sources.registry import SourceSpec, open_sources
from tests.conftest import REPO

runner = CliRunner()


# ---------------------------------------------------------------------------------------------- sql


@pytest.fixture
def filled_db(tmp_path: Path) -> Path:
    from tasks.db import connect, migrate

    db = tmp_path / "ro.duckdb"
    conn = connect(db)
    migrate(conn)
    conn.execute("INSERT INTO runs (run_id, status) VALUES ('r1', 'completed')")
    conn.close()
    return db


@pytest.mark.parametrize(
    "statement",
    [
        "DELETE FROM runs",
        "UPDATE runs SET status = 'x'",
        "INSERT INTO runs (run_id) VALUES ('evil')",
        "DROP TABLE runs",
        "CREATE TABLE evil (x INTEGER)",
        "ALTER TABLE runs ADD COLUMN evil INTEGER",
        "SELECT 1; DELETE FROM runs",
    ],
)
def test_security_sql_cannot_change_the_database(filled_db: Path, statement: str) -> None:
    res = runner.invoke(app, ["sql", statement, "--db", str(filled_db)])
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output and len([ln for ln in res.output.splitlines() if ln.strip()]) == 1
    conn = duckdb.connect(str(filled_db), read_only=True)
    try:
        assert conn.execute("SELECT run_id, status FROM runs").fetchall() == [("r1", "completed")]
    finally:
        conn.close()


def test_security_sql_cannot_reattach_the_database_read_write(filled_db: Path) -> None:
    sql = f"ATTACH '{filled_db}' AS w (READ_WRITE); DELETE FROM w.runs"
    res = runner.invoke(app, ["sql", sql, "--db", str(filled_db)])
    assert res.exit_code == 2 and "Traceback" not in res.output
    conn = duckdb.connect(str(filled_db), read_only=True)
    try:
        assert conn.execute("SELECT count(*) FROM runs").fetchone() == (1,)
    finally:
        conn.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, "has no newsevents tables yet"),  # a valid DuckDB file, but not ours
        (b"this is not a database", "cannot open"),
    ],
)
def test_security_sql_on_a_foreign_file_is_one_line(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    db = tmp_path / "foreign.duckdb"
    if content is None:
        duckdb.connect(str(db)).close()
    else:
        db.write_bytes(content)
    res = runner.invoke(app, ["sql", "SELECT 1", "--db", str(db)])
    assert res.exit_code == 2 and "Traceback" not in res.output
    assert message in " ".join(res.output.split())


# ---------------------------------------------------------------------------------------------- SSRF


def test_security_hostile_feed_cannot_reach_private_addresses(http_server: LocalServer) -> None:
    """A feed on an allowed host lists inward URLs and a redirect inward: every one is refused before any
    request reaches them; only the story on the allowed host is fetched."""
    port = http_server.port
    http_server.route("/secret", Reply(body="internal admin page"))
    http_server.route("/story", Reply(body=article_html(1)))
    http_server.route("/bounce", Reply(302, headers={"Location": http_server.url("/secret")}))
    http_server.route("/bounce-name", Reply(302, headers={"Location": f"http://localhost:{port}/secret"}))
    entries = [
        (f"http://news.example.test:{port}/story", None),
        (f"http://127.0.0.1:{port}/secret", "fetch/private_address"),
        (f"http://localhost:{port}/secret", "fetch/private_address"),
        (f"http://[::1]:{port}/secret", "fetch/private_address"),
        ("http://169.254.169.254/latest/meta-data/", "fetch/private_address"),
        ("http://10.0.0.1/", "fetch/private_address"),
        (f"http://0x7f000001:{port}/secret", "fetch/private_address"),  # 127.0.0.1 written in hex
        (f"http://news.example.test:{port}/bounce", "fetch/private_address"),
        (f"http://news.example.test:{port}/bounce-name", "fetch/private_address"),
        ("file:///etc/passwd", "discover/invalid_url"),
        ("gopher://news.example.test/", "discover/invalid_url"),
    ]
    feed = http_server.route(
        "/feed.xml", Reply(body=rss([(url, f"item {i}", None) for i, (url, _) in enumerate(entries)]),
                           content_type="application/rss+xml"),
    )  # fmt: skip
    guard = NetGuard.create(allowed_hosts=["news.example.test"], resolve={"news.example.test": ["127.0.0.1"]})
    settings = FetchOptions(retries=0, per_host_rate=0, connect_timeout=2, read_timeout=5, total_timeout=10)
    spec = SourceSpec(feeds=[feed.replace("127.0.0.1", "news.example.test")])
    got: dict[str, str | None] = {}
    for item in open_sources(spec, settings, guard=guard):
        if isinstance(item, Reject):
            got[item.input_ref] = f"{item.stage}/{item.reason}"
        else:
            assert isinstance(item, RawDocument)
            got[item.input_ref] = None
    expected = {("file://etc/passwd" if url == "file:///etc/passwd" else url): why for url, why in entries}
    assert got == expected  # (feedparser writes file:///etc/passwd as file://etc/passwd)
    assert http_server.hits("/secret") == []  # nothing inward was ever requested


# ---------------------------------------------------------------------------------------------- paths


@pytest.mark.parametrize(
    "url",
    [
        "http://evil.test/../../../../etc/passwd",
        "http://evil.test/%2e%2e/%2e%2e/etc/cron.d/x",
        "http://evil.test/a\x00b",
        "file:///etc/passwd",
        "http://evil.test/" + "a" * 5000,
    ],
)
def test_security_result_file_names_are_hashes_not_urls(url: str) -> None:
    """The only files named from inputs are Prefect's cached results, keyed by batch_key: a hex digest."""
    doc = RawDocument(url, "url", "html", b"<p>x</p>", url=url, final_url=url)
    key = batch_key("clean", [doc], CleanOptions(), False, None)
    assert re.fullmatch(r"newsevents-clean-[0-9a-f]{64}", key)


def test_security_no_file_path_is_built_from_an_input_field() -> None:
    """A guard for the future: no path expression (Path(), open(), / joins, write/mkdir calls) in the package
    mentions a field that comes from an input (URL, input reference or key, title, source, author). Today
    every file written is named by a setting, a CLI argument, a constant or a hash (docs/SECURITY.md)."""
    field = r"\b(url|final_url|input_ref|input_key|title|source|author|hostname)\b"
    path_use = re.compile(
        rf"(Path\(|\.open\(|\bopen\(|write_text|write_bytes|write_parquet|mkdir|/ f?\").*{field}"
    )
    found = []
    for folder in ("tasks", "flows", "newsevents"):
        for path in sorted(REPO.joinpath(folder).rglob("*.py")):
            for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                code = line.split("#", 1)[0]
                if path_use.search(code) and "as_uri" not in code:
                    found.append(f"{path.relative_to(REPO)}:{lineno}: {line.strip()}")
    assert found == [], (
        "a file path may be built from an input field: make it a hash or check it stays inside"
    )


# ---------------------------------------------------------------------------------------------- code


def test_security_bandit_rules_pass_on_the_package() -> None:
    """ruff's S rules (bandit): no shell=True, eval/exec, pickle of input, SQL built from strings, XML parsers
    open to entities... Each suppression in the code names why it is safe (listed in docs/SECURITY.md)."""
    ruff = Path(sys.executable).parent / "ruff"
    if not ruff.exists():
        pytest.skip("ruff is not installed in this environment")
    res = subprocess.run(
        [str(ruff), "check", "--select", "S", "--ignore", "S101", "--output-format", "concise", "tasks",
         "flows",
         "newsevents"],
        cwd=REPO, capture_output=True, text=True,
    )  # fmt: skip
    assert res.returncode == 0, res.stdout


def test_security_every_sql_suppression_is_documented() -> None:
    """Each `noqa: S608` (an f-string in SQL) splices only names from code constants; docs/SECURITY.md lists
    the files that have them, so a new one gets reviewed."""
    doc = (REPO / "docs" / "SECURITY.md").read_text(encoding="utf-8")
    files = set()
    for path in [*REPO.joinpath("tasks").rglob("*.py"), *REPO.joinpath("newsevents").rglob("*.py")]:
        if "noqa: S608" in path.read_text(encoding="utf-8"):
            files.add(str(path.relative_to(REPO)))
    missing = sorted(f for f in files if f"`{f}`" not in doc)
    assert missing == [], f"document these S608 suppressions in docs/SECURITY.md: {missing}"


# ---------------------------------------------------------------------------------------------- audit


@pytest.mark.parametrize(
    ("report", "code", "says"),
    [
        ({"dependencies": [{"name": "a", "skip_reason": "not found"}]}, 0, "dependencies NOT audited"),
        ({"dependencies": [{"name": "a", "version": "1", "vulns": []}]}, 0, "audited 1 of 1 packages"),
        (
            {"dependencies": [{"name": "a", "version": "1",
                               "vulns": [{"id": "PYSEC-1", "fix_versions": ["2"]}]},
                              {"name": "b", "skip_reason": "not found"}]},
            1, "a 1: PYSEC-1 (fixed in 2)",
        ),
    ],
)  # fmt: skip
def test_security_audit_summary_says_what_was_checked(report: dict, code: int, says: str) -> None:
    summarize = runpy.run_path(str(REPO / "tools" / "audit.py"))["summarize"]
    got_code, lines = summarize(json.loads(json.dumps(report)))
    assert got_code == code and says in "\n".join(lines)
