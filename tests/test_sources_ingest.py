"""End to end through the CLI: `newsevents ingest --feed URL --allow-private-hosts` against a real loopback
server, every failure mode in one feed, then a second poll; and WARC files ingested twice."""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import formatdate
from pathlib import Path

import duckdb
import pytest
from httpserver import LocalServer, Reply, article_html, article_text, conditional, rss
from typer.testing import CliRunner

from newsevents.cli import app
from tasks.db import run_checks

runner = CliRunner()

SPANISH = (
    "<html lang='es'><head><title>El gobierno anuncia un nuevo plan</title></head><body><article>"
    "<h1>El gobierno anuncia un nuevo plan</h1>"
    "<p>El gobierno anunció el lunes un nuevo plan de inversiones para las regiones del norte del país, "
    "según informaron fuentes oficiales en la capital.</p><p>Los sindicatos criticaron la medida y "
    "convocaron una huelga para la próxima semana, mientras los alcaldes de la región pidieron más fondos "
    "para el transporte público y la sanidad.</p><p>La oposición exigió que el ministro compareciera "
    "ante el parlamento para explicar el origen de los fondos y el calendario de las obras.</p>"
    "</article></body></html>"
)


def syndicated_html(seed: int) -> str:
    """Story ``seed`` as a partner runs it: its own page, headline, dateline and tagline; a paragraph cut."""
    paras = article_text(seed)
    paras[0] = "LONDON (Wire) — " + paras[0]
    del paras[2]
    body = "".join(f"<p>{p}</p>" for p in paras)
    return (
        "<html lang='en'><head><title>Partner: talks drag on</title></head><body>"
        "<nav><a href='/'>Partner home</a></nav><article><h1>Partner: talks drag on</h1>"
        f"{body}<p>Reporting by Jane Doe; editing by John Roe.</p></article><footer>Partner Media</footer>"
        "</body></html>"
    )


def summary_of(result: object) -> dict:
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    return json.loads(result.stdout)  # type: ignore[attr-defined]


@pytest.fixture
def fast_fetch_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Short timeouts and backoffs through the environment, as a user would set them."""
    for key, value in {
        "PER_HOST_RATE": "0", "BACKOFF_BASE": "0.01", "READ_TIMEOUT": "0.5", "CONNECT_TIMEOUT": "1",
        "MAX_RETRY_AFTER": "2", "RETRIES": "2",
    }.items():  # fmt: skip
        monkeypatch.setenv(f"NEWSEVENTS_FETCH__{key}", value)
    monkeypatch.delenv("NEWSEVENTS_ALLOW_PRIVATE_HOSTS", raising=False)


@pytest.mark.model
@pytest.mark.slow
def test_sources_ingest_feed_then_poll_again(
    http_server: LocalServer, tmp_path: Path, fast_fetch_env: None
) -> None:
    srv = http_server
    good = [srv.route(f"/news/{i}", Reply(body=article_html(i))) for i in range(1, 4)]
    undated = srv.route("/news/4", Reply(body=article_html(4, date=None)))
    flaky = srv.route("/news/flaky", [Reply(500, body="oops"), Reply(body=article_html(5))])
    slow = srv.route("/news/slow", [Reply(body=article_html(6), delay=1.5), Reply(body=article_html(6))])
    limited = srv.route(
        "/news/limited",
        [Reply(429, body="slow down", headers={"Retry-After": "1"}), Reply(body=article_html(7))],
    )
    partner = srv.route("/partner/1", Reply(body=syndicated_html(1)))
    gone = srv.route("/news/gone", Reply(404, body="not here"))
    spanish = srv.route("/news/es", Reply(body=SPANISH))
    image = srv.route("/news/photo", Reply(body=b"\x89PNG\r\n", content_type="image/png"))
    srv.route("/news/loop", Reply(302, headers={"Location": "/news/loop2"}))
    loop = srv.route("/news/loop2", Reply(302, headers={"Location": "/news/loop"}))
    pub = formatdate(1_748_944_800, usegmt=True)  # 2025-06-03 10:00 UTC
    entries = [
        (u, f"Feed title {i}", pub) for i, u in enumerate([*good, undated, flaky, slow, limited, partner])
    ]
    entries += [(u, "broken", None) for u in (gone, spanish, image, loop)]
    feed = srv.route("/feed.xml", conditional(rss(entries), '"feed-v1"', "application/rss+xml"))
    db = tmp_path / "feeds.duckdb"
    args = [
        "ingest",
        "--feed",
        feed,
        "--allow-private-hosts",
        "--db",
        str(db),
        "--json",
        "--orchestrator",
        "local",
    ]

    first = summary_of(runner.invoke(app, args))
    assert first["accounting_ok"], first
    assert first["loaded"] == 7, first["reject_reasons"]
    assert (first["inputs"], first["loaded"], first["duplicates"], first["rejected"]) == (12, 7, 1, 4)
    assert first["reject_reasons"] == {
        "fetch/http_404": 1, "language/unsupported_language": 1, "fetch/unsupported_content_type": 1,
        "fetch/redirect_loop": 1,
    }  # fmt: skip
    assert len(srv.hits("/news/flaky")) == 2 and len(srv.hits("/news/slow")) == 2
    assert len(srv.hits("/news/limited")) == 2
    with duckdb.connect(str(db), read_only=True) as conn:
        loaded = dict(conn.execute("SELECT url, source_count FROM articles").fetchall())
        assert set(loaded) == {*good, undated, flaky, slow, limited}
        assert loaded[good[0]] == 2  # the partner's copy counts as a second source
        dup = conn.execute("SELECT input_key, kind, similarity FROM duplicates").fetchall()
        assert len(dup) == 1 and dup[0][0] == partner and dup[0][1] == "near" and dup[0][2] >= 0.6
        when = conn.execute("SELECT published_at, published_at_origin FROM articles WHERE url = ?", [undated])
        assert when.fetchone() == (datetime(2025, 6, 3, 10, 0), "hint")  # the feed's date: the page has none
        raw = conn.execute("SELECT count(*), count(DISTINCT input_key) FROM raw_documents").fetchone()
        assert raw == (9, 9)  # 7 loaded + the near copy + the Spanish page, kept for re-extraction
        rejects = dict(conn.execute("SELECT input_ref, reason FROM rejects").fetchall())
        assert rejects == {
            gone: "http_404", spanish: "unsupported_language", image: "unsupported_content_type",
            loop: "redirect_loop",
        }  # fmt: skip
        state = conn.execute("SELECT etag, status FROM fetch_state WHERE url = ?", [feed]).fetchone()
        assert state == ('"feed-v1"', 200)
        assert run_checks(conn) == {}

    second = summary_of(runner.invoke(app, args))
    polls = srv.hits("/feed.xml")
    assert [p.status for p in polls] == [200, 304]
    assert polls[1].headers["if-none-match"] == '"feed-v1"' and polls[1].headers["if-modified-since"]
    assert second["loaded"] == 0 and second["accounting_ok"]
    # only the entries that never got stored are tried again (and fail again); nothing loaded is re-fetched
    assert (second["inputs"], second["rejected"]) == (3, 3)
    assert len(srv.hits("/news/1")) == 1 and len(srv.hits("/partner/1")) == 1


def test_sources_ingest_refuses_loopback_without_flag(
    http_server: LocalServer, tmp_path: Path, fast_fetch_env: None
) -> None:
    page = http_server.route("/news/1", Reply(body=article_html(1)))
    feed = http_server.route(
        "/feed.xml", Reply(body=rss([(page, "t", None)]), content_type="application/rss+xml")
    )
    args = [
        "ingest",
        "--feed",
        feed,
        page,
        "--db",
        str(tmp_path / "x.duckdb"),
        "--json",
        "--orchestrator",
        "local",
    ]
    summary = summary_of(runner.invoke(app, args))
    assert (summary["inputs"], summary["rejected"]) == (2, 2)
    assert summary["reject_reasons"] == {"fetch/private_address": 2}
    assert http_server.requests == []


def test_sources_ingest_warc_twice_with_a_copy(tmp_path: Path) -> None:
    """A WARC with a page captured twice (another URL, same story): one loaded, one exact duplicate; the
    second ingest of the same file finds everything unchanged. A blank model keeps this test fast."""
    import spacy
    from test_sources_warc import write_warc

    model = tmp_path / "blank_en"
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(model)
    pages = [
        (f"http://news.test/story-{i}", article_html(i).encode(), "200 OK", "text/html") for i in range(1, 4)
    ] + [("http://mirror.test/copy-of-1", article_html(1).encode(), "200 OK", "text/html")]
    warc = write_warc(tmp_path / "cc-news.warc.gz", pages)
    args = ["ingest", str(warc), "--db", str(tmp_path / "w.duckdb"), "--model", str(model), "--json",
            "--orchestrator", "local"]  # fmt: skip
    first = summary_of(runner.invoke(app, args))
    assert (first["inputs"], first["loaded"], first["duplicates"], first["rejected"]) == (4, 3, 1, 0)
    again = summary_of(runner.invoke(app, args))
    assert (again["inputs"], again["unchanged"], again["loaded"]) == (4, 4, 0)
