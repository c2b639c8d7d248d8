"""XML sitemaps: ``<urlset>`` pages, ``<sitemapindex>`` indexes (followed a few levels down), Google News
sitemaps (``news:title``, ``news:publication_date``, ``news:publication/news:name`` become hints), gzipped
sitemaps and plain-text sitemaps (one URL per line).

Parsing is streamed (lxml ``iterparse``, entities not resolved, no network, no DTD), and a gzipped sitemap
is decompressed with the same size cap as any download. Each sitemap is fetched conditionally when it was
polled before. A sitemap that cannot be fetched or parsed is one reject named by its URL.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from tasks.fetch import Fetcher, FetchStateStore
from tasks.records import Hints, Reject, RejectError
from tasks.sources.urls import UrlJob, valid_url

MAX_DEPTH = 3  # index → index → index → urlset is as deep as we follow


@dataclass(slots=True)
class SitemapEntry:
    url: str
    title: str | None = None
    published_at: str | None = None
    source: str | None = None


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    if not data.startswith(b"\x1f\x8b"):
        return data
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as handle:
            out = handle.read(max_bytes + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise RejectError("discover", "malformed_sitemap", f"bad gzip: {exc}") from None
    if len(out) > max_bytes:
        raise RejectError("discover", "too_large", f"gzipped sitemap over {max_bytes} bytes uncompressed")
    return out


def _local(tag: object) -> str:
    name = tag if isinstance(tag, str) else ""
    return name.rsplit("}", 1)[-1]


def parse_sitemap(content: bytes, max_bytes: int = 50_000_000) -> tuple[str, list[SitemapEntry]]:
    """``("index", child sitemaps)`` or ``("urlset", pages)``; raises ``discover/malformed_sitemap``."""
    from lxml import etree

    data = _gunzip(content, max_bytes)
    head = data.lstrip()[:200].lower()
    if head.startswith((b"http://", b"https://")):  # a plain-text sitemap
        lines = data.decode("utf-8", "replace").splitlines()
        return "urlset", [
            SitemapEntry(u.strip()) for u in lines if u.strip().startswith(("http://", "https://"))
        ]
    kind: str | None = None
    entries: list[SitemapEntry] = []
    current: dict[str, str] = {}
    parser = etree.iterparse(
        io.BytesIO(data),
        events=("start", "end"),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        recover=False,
    )
    try:
        for event, elem in parser:
            name = _local(elem.tag)
            if event == "start":
                if kind is None:
                    if name not in ("urlset", "sitemapindex"):
                        raise RejectError(
                            "discover", "malformed_sitemap", f"root element <{name}> is not a sitemap"
                        )
                    kind = "index" if name == "sitemapindex" else "urlset"
                elif name in ("url", "sitemap"):
                    current = {}
                continue
            text = (elem.text or "").strip()
            parent = elem.getparent()
            parent_name = _local(parent.tag) if parent is not None else ""
            if text and (
                (name == "loc" and parent_name in ("url", "sitemap"))  # not image:loc or video:loc
                or (name in ("title", "publication_date") and parent_name == "news")
                or (name == "name" and parent_name == "publication")
            ):
                current.setdefault(name, text)
            elif name in ("url", "sitemap"):
                if current.get("loc"):
                    entries.append(
                        SitemapEntry(
                            url=current["loc"],
                            title=current.get("title"),
                            published_at=current.get("publication_date"),
                            source=current.get("name"),
                        )
                    )
                current = {}
                elem.clear()
                while elem.getprevious() is not None:  # keep memory flat on 50,000-URL sitemaps
                    del elem.getparent()[0]
    except etree.XMLSyntaxError as exc:
        raise RejectError("discover", "malformed_sitemap", f"XML error: {exc}"[:300]) from None
    if kind is None:
        raise RejectError("discover", "malformed_sitemap", "empty document")
    return kind, entries


def sitemap_groups(
    fetcher: Fetcher, store: FetchStateStore, url: str, depth: int = 0, visited: set[str] | None = None
) -> Iterator[list[UrlJob | Reject]]:
    """Fetch a sitemap (conditionally) and yield, per sitemap read, the list of its page jobs (or the one
    reject it became), following indexes lazily: one list per ``<urlset>``, so the run can count a
    sitemap's pages as soon as it is read while an index's next sitemap is fetched only when needed."""
    visited = visited if visited is not None else set()
    if url in visited:
        return
    visited.add(url)
    if not valid_url(url):
        yield [Reject(url, "discover", "invalid_url", "a sitemap must be an absolute http(s) URL")]
        return
    try:
        body, _res = fetcher.fetch_index(url, "sitemap", store)
        kind, entries = parse_sitemap(body, fetcher.settings.max_bytes)
    except RejectError as err:
        yield [err.to_reject(url)]
        return
    if kind == "index":
        if depth >= MAX_DEPTH:
            deeper = f"sitemap index nested deeper than {MAX_DEPTH}"
            yield [Reject(url, "discover", "sitemap_too_deep", deeper)]
            return
        for child in entries:
            yield from sitemap_groups(fetcher, store, child.url, depth + 1, visited)
        return
    jobs: list[UrlJob | Reject] = []
    for entry in entries:
        if not valid_url(entry.url):
            bad = f"sitemap entry in {url} is not http(s)"
            jobs.append(Reject(entry.url, "discover", "invalid_url", bad))
            continue
        hints = Hints(title=entry.title, published_at=entry.published_at, source=entry.source)
        jobs.append(UrlJob(url=entry.url, input_ref=entry.url, origin="sitemap", hints=hints))
    yield jobs
