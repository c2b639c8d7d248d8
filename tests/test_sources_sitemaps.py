"""Sitemaps: urlsets, indexes, news sitemaps, gzip and text sitemaps; safe XML; fetched from a real loopback
server."""

from __future__ import annotations

import gzip

import pytest
from httpserver import LocalServer, Reply, article_html

from tasks.fetch import FetchOptions
from tasks.records import RawDocument, Reject, RejectError
from tasks.sources.registry import SourceSpec, open_sources
from tasks.sources.sitemaps import parse_sitemap

FAST = FetchOptions(
    connect_timeout=1, read_timeout=1, total_timeout=3, retries=1, backoff_base=0.01, per_host_rate=0,
    per_host_concurrency=4, allow_private_hosts=True, concurrency=4, max_retry_after=1,
)  # fmt: skip
NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
NEWS = 'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"'
IMAGE = 'xmlns:image="http://www.google.com/schemas/sitemap-image/1.1"'


def urlset(*locs: str) -> str:
    return (
        f"<?xml version='1.0'?><urlset {NS}>"
        + "".join(f"<url><loc>{u}</loc></url>" for u in locs)
        + "</urlset>"
    )


def news_sitemap(entries: list[tuple[str, str, str]]) -> str:
    urls = "".join(
        f"<url><image:image><image:loc>{loc}.jpg</image:loc></image:image><loc>{loc}</loc>"
        "<news:news><news:publication><news:name>The Loopback Times</news:name>"
        "<news:language>en</news:language>"
        f"</news:publication><news:publication_date>{date}</news:publication_date><news:title>{title}</news:title>"
        "</news:news></url>"
        for loc, title, date in entries
    )
    return f"<?xml version='1.0' encoding='UTF-8'?><urlset {NS} {NEWS} {IMAGE}>{urls}</urlset>"


def index(*locs: str) -> str:
    items = "".join(f"<sitemap><loc>{u}</loc><lastmod>2025-06-01</lastmod></sitemap>" for u in locs)
    return f"<?xml version='1.0'?><sitemapindex {NS}>{items}</sitemapindex>"


def test_sources_sitemaps_parse_urlset() -> None:
    kind, entries = parse_sitemap(urlset("http://s.test/a", "http://s.test/b").encode())
    assert kind == "urlset" and [e.url for e in entries] == ["http://s.test/a", "http://s.test/b"]


def test_sources_sitemaps_parse_news_sitemap() -> None:
    body = news_sitemap([("http://s.test/n/1", "Headline one", "2025-06-03T10:00:00+00:00")])
    kind, entries = parse_sitemap(body.encode())
    assert kind == "urlset" and len(entries) == 1
    entry = entries[0]
    assert entry.url == "http://s.test/n/1"  # not the image:loc inside the same <url>
    assert (entry.title, entry.published_at, entry.source) == (
        "Headline one", "2025-06-03T10:00:00+00:00", "The Loopback Times"
    )  # fmt: skip


@pytest.mark.parametrize(
    ("body", "kind", "urls"),
    [
        (index("http://s.test/s1.xml", "http://s.test/s2.xml.gz").encode(), "index",
         ["http://s.test/s1.xml", "http://s.test/s2.xml.gz"]),
        (gzip.compress(urlset("http://s.test/z").encode()), "urlset", ["http://s.test/z"]),
        (b"http://s.test/t1\nhttps://s.test/t2\n\n", "urlset", ["http://s.test/t1", "https://s.test/t2"]),
    ],
    ids=["index", "gzip", "text"],
)  # fmt: skip
def test_sources_sitemaps_parse_kinds(body: bytes, kind: str, urls: list[str]) -> None:
    got_kind, entries = parse_sitemap(body)
    assert got_kind == kind and [e.url for e in entries] == urls


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"<html><body>hi</body></html>", "malformed_sitemap"),
        (b"<urlset><url><loc>http://s.test/a</loc>", "malformed_sitemap"),
        (b"", "malformed_sitemap"),
        (gzip.compress(b"<urlset>" + b" " * 3_000_000 + b"</urlset>"), "too_large"),
    ],
)
def test_sources_sitemaps_malformed(body: bytes, reason: str) -> None:
    with pytest.raises(RejectError) as info:
        parse_sitemap(body, max_bytes=1_000_000)
    assert info.value.reason == reason


def test_sources_sitemaps_entities_are_not_resolved(tmp_path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("http://s.test/leaked", encoding="utf-8")
    body = (
        f'<?xml version="1.0"?><!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>'
        f"<urlset {NS}><url><loc>&xxe;</loc></url><url><loc>http://s.test/ok</loc></url></urlset>"
    )
    _kind, entries = parse_sitemap(body.encode())
    assert [e.url for e in entries] == ["http://s.test/ok"]


def test_sources_sitemaps_index_followed_to_pages(http_server: LocalServer) -> None:
    pages = [http_server.route(f"/story/{i}", Reply(body=article_html(10 + i))) for i in range(4)]
    news = http_server.route(
        "/news-sitemap.xml",
        Reply(body=news_sitemap([(pages[0], "N0", "2025-06-03"), (pages[1], "N1", "2025-06-04")]),
              content_type="application/xml"),
    )  # fmt: skip
    zipped = http_server.route(
        "/pages.xml.gz",
        Reply(body=gzip.compress(urlset(pages[2], pages[3]).encode()), content_type="application/gzip"),
    )
    missing = http_server.url("/missing.xml")
    root = http_server.route(
        "/sitemap.xml",
        Reply(
            body=index(news, zipped, missing, http_server.url("/sitemap.xml")), content_type="application/xml"
        ),
    )
    items = list(open_sources(SourceSpec(sitemaps=[root]), FAST))
    docs = [i for i in items if isinstance(i, RawDocument)]
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [d.url for d in docs] == pages
    assert docs[0].origin == "sitemap" and docs[0].hints.title == "N0"
    assert docs[0].hints.source == "The Loopback Times" and docs[0].hints.published_at == "2025-06-03"
    assert [(r.input_ref, r.reason) for r in rejects] == [(missing, "http_404")]
    assert len(http_server.hits("/sitemap.xml")) == 1  # an index listing itself is not followed again


def test_sources_sitemaps_count_their_entries_for_the_progress_total(http_server: LocalServer) -> None:
    """Each sitemap an index lists tells the run how many inputs it holds as it is read (a ``discovered``
    progress event, as a feed does), so the progress total counts sitemap entries."""
    from tasks import artifacts, progress

    pages = [http_server.route(f"/p/{i}", Reply(body=article_html(30 + i))) for i in range(5)]
    first = http_server.route("/a.xml", Reply(body=urlset(*pages[:3]), content_type="application/xml"))
    second = http_server.route("/b.xml", Reply(body=urlset(*pages[3:]), content_type="application/xml"))
    missing = http_server.url("/gone.xml")
    root = http_server.route("/index.xml", Reply(body=index(first, missing, second), content_type="text/xml"))
    spec = SourceSpec(sitemaps=[root])
    assert artifacts.estimate_total(spec) == 0  # nothing known before the run reads the sitemaps
    found: list[int] = []

    def watch(event: str, data: dict[str, object]) -> None:
        if event == "discovered":
            found.append(int(str(data["n"])))

    with progress.watch(watch):
        items = list(open_sources(spec, FAST))
    assert len(items) == 6  # 5 pages and the missing sitemap
    assert found == [3, 1, 2]  # one count per sitemap, as each is read
