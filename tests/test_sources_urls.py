"""URL inputs: URL files, canonical URLs, and fetching pages through open_sources (a real loopback server)."""

from __future__ import annotations

from pathlib import Path

import pytest
from httpserver import LocalServer, Reply, article_html

from tasks.fetch import FetchOptions
from tasks.records import RawDocument, Reject
from tasks.sources.registry import SourceSpec, open_sources, split_inputs
from tasks.sources.urls import UrlJob, canonical_url, read_url_file

FAST = FetchOptions(
    connect_timeout=1, read_timeout=1, total_timeout=3, retries=1, backoff_base=0.01, per_host_rate=0,
    per_host_concurrency=4, allow_private_hosts=True, concurrency=4, max_retry_after=1,
)  # fmt: skip


@pytest.mark.parametrize(
    ("url", "canonical"),
    [
        ("https://www.Example.com/news/a?utm_source=rss&utm_medium=feed&id=5#comments",
         "https://www.example.com/news/a?id=5"),
        ("http://example.com/a/?fbclid=abc123", "http://example.com/a/"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("https://example.com/a?gclid=1&mc_cid=2", "https://example.com/a"),
        ("http://example.com:80/story", "http://example.com/story"),
    ],
)  # fmt: skip
def test_sources_urls_canonical_url(url: str, canonical: str) -> None:
    assert canonical_url(url) == canonical


def test_sources_urls_url_file(tmp_path: Path) -> None:
    listing = tmp_path / "urls.txt"
    listing.write_text(
        "# my reading list\n"
        "https://example.com/a\n"
        "\n"
        "   https://example.com/b#section-2   # a comment after a space\n"
        "ftp://example.com/file\n"
        "not a url\n"
        "http://example.com/c?q=1\n",
        encoding="utf-8",
    )
    items = list(read_url_file(listing))
    jobs = [i for i in items if isinstance(i, UrlJob)]
    rejects = [i for i in items if isinstance(i, Reject)]
    assert [j.url for j in jobs] == [
        "https://example.com/a",
        "https://example.com/b#section-2",
        "http://example.com/c?q=1",
    ]
    assert [(r.input_ref, r.reason) for r in rejects] == [
        (f"{listing}:5", "invalid_url"),
        (f"{listing}:6", "invalid_url"),
    ]


def test_sources_urls_missing_url_file(tmp_path: Path) -> None:
    items = list(read_url_file(tmp_path / "nope.txt"))
    assert len(items) == 1 and isinstance(items[0], Reject) and items[0].reason == "unreadable"


def test_sources_urls_split_inputs() -> None:
    paths, urls = split_inputs(["seeds/", "https://a.test/x", "HTTP://b.test/y", "notes.txt", "*.jsonl"])
    assert paths == ["seeds/", "notes.txt", "*.jsonl"]
    assert urls == ["https://a.test/x", "HTTP://b.test/y"]


def test_sources_urls_fetched_in_order_one_item_per_url(http_server: LocalServer, tmp_path: Path) -> None:
    a = http_server.route("/news/a", Reply(body=article_html(1)))
    http_server.route("/news/b", Reply(body=article_html(2), headers={"ETag": '"b1"'}))
    moved = http_server.route("/old/b", Reply(301, headers={"Location": "/news/b?utm_source=twitter"}))
    missing = http_server.route("/news/gone", Reply(404, body="no"))
    image = http_server.route("/logo.png", Reply(body=b"\x89PNG", content_type="image/png"))
    listing = tmp_path / "urls.txt"
    listing.write_text(f"{missing}\n{image}\n{a}?utm_campaign=x\n", encoding="utf-8")
    spec = SourceSpec(urls=[a, moved], url_files=[str(listing)])
    items = list(open_sources(spec, FAST))
    # a, moved(b), missing, image; the utm variant of a is the same URL: not fetched twice
    assert len(items) == 4
    doc_a, doc_b, gone, img = items
    assert isinstance(doc_a, RawDocument) and isinstance(doc_b, RawDocument)
    assert (doc_a.origin, doc_a.kind, doc_a.status, doc_a.url, doc_a.input_key) == ("url", "html", 200, a, a)
    assert doc_b.url == moved and doc_b.final_url.endswith("/news/b?utm_source=twitter")
    assert doc_b.input_key == http_server.url("/news/b")  # canonical: tracking parameter gone
    assert doc_b.headers["etag"] == '"b1"' and doc_b.headers["content-type"].startswith("text/html")
    assert doc_b.fetched_at is not None and b"Story 2" in doc_b.data  # type: ignore[operator]
    assert isinstance(gone, Reject) and (gone.input_ref, gone.stage, gone.reason) == (
        missing,
        "fetch",
        "http_404",
    )
    assert isinstance(img, Reject) and img.reason == "unsupported_content_type"
    assert len(http_server.hits("/news/a")) == 1


def test_sources_urls_local_paths_come_first(http_server: LocalServer, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("Title\n\nSome text of a story.", encoding="utf-8")
    url = http_server.route("/p", Reply(body=article_html(3)))
    items = list(open_sources(SourceSpec(paths=[str(note)], urls=[url]), FAST))
    assert [getattr(i, "origin", None) for i in items] == ["file", "url"]
