"""RSS and Atom feeds: parsing, hints, failures, conditional polling (a real loopback server)."""

from __future__ import annotations

from pathlib import Path

import pytest
from httpserver import LocalServer, Reply, article_html, atom, conditional, rss

from tasks.fetch import FetchOptions
from tasks.records import RawDocument, Reject, RejectError
from tasks.sources.feeds import parse_feed
from tasks.sources.registry import SourceSpec, open_sources

FAST = FetchOptions(
    connect_timeout=1, read_timeout=1, total_timeout=3, retries=1, backoff_base=0.01, per_host_rate=0,
    per_host_concurrency=4, allow_private_hosts=True, concurrency=4, max_retry_after=1,
)  # fmt: skip


def test_sources_feeds_parse_rss() -> None:
    body = rss(
        [
            ("/news/1", "First story", "Tue, 03 Jun 2025 10:00:00 GMT"),
            ("http://other.test/news/2?utm_source=rss", "Second story", None),
        ]
    ).replace("<item><title>Second", "<item><title>No link</title></item><item><title>Second")
    title, entries = parse_feed(
        body.encode(), "http://feeds.test/rss.xml", {"content-type": "application/rss+xml"}
    )
    assert title == "Test News"
    assert [e.url for e in entries] == ["http://feeds.test/news/1", "http://other.test/news/2?utm_source=rss"]
    assert entries[0].title == "First story" and entries[0].published_at == "2025-06-03T10:00:00"
    assert entries[1].published_at is None


def test_sources_feeds_parse_atom() -> None:
    body = atom([("http://feeds.test/a/1", "Atom story", "2025-06-02T09:00:00+02:00")])
    _title, entries = parse_feed(body.encode(), "http://feeds.test/atom.xml")
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.url, entry.title, entry.author) == ("http://feeds.test/a/1", "Atom story", "Ann Writer")
    assert entry.published_at == "2025-06-02T07:00:00"  # normalised to UTC


@pytest.mark.parametrize("body", [b"<html><body>not a feed</body></html>", b"\x00\x01garbage", b""])
def test_sources_feeds_malformed(body: bytes) -> None:
    with pytest.raises(RejectError) as info:
        parse_feed(body, "http://feeds.test/x")
    assert (info.value.stage, info.value.reason) == ("discover", "malformed_feed")


def test_sources_feeds_entries_fetched_with_hints(http_server: LocalServer) -> None:
    one = http_server.route("/news/1", Reply(body=article_html(1)))
    two = http_server.route("/news/2", Reply(body=article_html(2)))
    gone = http_server.route("/news/3", Reply(410, body="gone"))
    feed = http_server.route(
        "/feed.xml",
        Reply(body=rss([(one, "Feed title 1", "Tue, 03 Jun 2025 10:00:00 GMT"), (two, "Feed title 2", None),
                        (gone, "Removed", None)]), content_type="application/rss+xml"),
    )  # fmt: skip
    items = list(open_sources(SourceSpec(feeds=[feed]), FAST))
    assert len(items) == 3
    doc1, doc2, rej = items
    assert isinstance(doc1, RawDocument) and isinstance(doc2, RawDocument)
    assert doc1.origin == "feed" and doc1.hints.title == "Feed title 1"
    assert doc1.hints.published_at == "2025-06-03T10:00:00"
    assert isinstance(rej, Reject) and (rej.input_ref, rej.reason) == (gone, "http_410")


@pytest.mark.parametrize(
    ("reply", "reason"),
    [
        (Reply(404, body="no"), "http_404"),
        (Reply(body="<html><p>a page</p></html>", content_type="text/html"), "unsupported_content_type"),
        (Reply(body="<html><p>a page</p></html>", content_type="application/xml"), "malformed_feed"),
        (Reply(503, body="busy"), "http_503"),
    ],
)
def test_sources_feeds_feed_failure_is_one_reject(
    http_server: LocalServer, reply: Reply, reason: str
) -> None:
    feed = http_server.route("/feed.xml", reply)
    items = list(open_sources(SourceSpec(feeds=[feed]), FAST))
    assert len(items) == 1 and isinstance(items[0], Reject)
    assert (items[0].input_ref, items[0].reason) == (feed, reason)


def test_sources_feeds_feed_list_file(http_server: LocalServer, tmp_path: Path) -> None:
    page = http_server.route("/n/1", Reply(body=article_html(5)))
    feed_a = http_server.route(
        "/a.xml", Reply(body=rss([(page, "t", None)]), content_type="application/rss+xml")
    )
    entries = [(page + "?utm_source=atom", "t", "2025-01-01T00:00:00Z")]
    feed_b = http_server.route("/b.xml", Reply(body=atom(entries), content_type="application/atom+xml"))
    listing = tmp_path / "feeds.txt"
    listing.write_text(f"# outlets\n{feed_a}\n{feed_b}\nnot-a-url\n", encoding="utf-8")
    items = list(open_sources(SourceSpec(feed_files=[str(listing)]), FAST))
    # the page listed by both feeds is fetched once; the bad line is a reject
    assert [type(i).__name__ for i in items] == ["RawDocument", "Reject"]
    assert len(http_server.hits("/n/1")) == 1


def test_sources_feeds_poll_again_is_conditional(http_server: LocalServer, db_path: Path) -> None:
    """Second poll: the server sees If-None-Match / If-Modified-Since and answers 304. Entries not stored
    yet (here: nothing was loaded) are still yielded from the stored body, so a crash never loses them."""
    page = http_server.route("/n/1", Reply(body=article_html(6)))
    feed = http_server.route(
        "/feed.xml", conditional(rss([(page, "t", None)]), '"v1"', "application/rss+xml")
    )
    spec = SourceSpec(feeds=[feed], db=str(db_path))
    first = list(open_sources(spec, FAST))
    second = list(open_sources(spec, FAST))
    assert len(first) == len(second) == 1
    polls = http_server.hits("/feed.xml")
    assert len(polls) == 2
    assert "if-none-match" not in polls[0].headers
    assert polls[1].headers["if-none-match"] == '"v1"' and polls[1].headers["if-modified-since"]
    assert [p.status for p in polls] == [200, 304]


def test_sources_feeds_parser_crash_is_a_malformed_feed_reject() -> None:
    """feedparser's lenient parser raises KeyError('links') on a stray </link> (found by the fuzz test):
    a reject with its reason, never a crash."""
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Test News</title><item><title>A</title>'
        b"<link>/link><pubDate>Tue, 03 Jun 2025 10:00:00 GMT</pubDate></item\x00link>http://news.test/b</link>"
        b"</item></channel></rss>"
    )
    with pytest.raises(RejectError) as err:
        parse_feed(data, "http://news.test/feed.xml", None, [])
    assert (err.value.stage, err.value.reason) == ("discover", "malformed_feed")
    assert "KeyError" in err.value.detail
