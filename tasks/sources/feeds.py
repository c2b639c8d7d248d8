"""RSS and Atom feeds (feedparser): each entry's link becomes a URL to fetch, with the entry's title,
publication date and author as hints (used when the page itself lacks them).

The feed is fetched with a conditional request when it was polled before (:meth:`Fetcher.fetch_index`).
feedparser only ever parses bytes here: it never fetches anything itself. A feed that cannot be fetched or
parsed is one reject named by its URL; a feed that parses is not an input, its entries are. A feed cut
short (not well-formed XML) gives the entries read before the error, plus one ``malformed_feed`` reject.
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tasks.fetch import Fetcher, FetchStateStore
from tasks.records import Hints, Reject, RejectError
from tasks.sources.urls import UrlJob, valid_url


@dataclass(slots=True)
class FeedEntry:
    url: str
    title: str | None = None
    published_at: str | None = None
    author: str | None = None


def _iso(parsed: time.struct_time | None) -> str | None:
    """feedparser's UTC struct_time → ISO 8601 (naive UTC)."""
    if not parsed:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(parsed), UTC).replace(tzinfo=None).isoformat()
    except (OverflowError, ValueError):
        return None


def _entry_link(entry: Any) -> str | None:
    link = entry.get("link")
    if link:
        return str(link)
    for item in entry.get("links") or []:
        if item.get("rel", "alternate") == "alternate" and item.get("href"):
            return str(item["href"])
    guid = entry.get("id")
    if guid and entry.get("guidislink") and valid_url(str(guid)):
        return str(guid)
    return None


def parse_feed(
    content: bytes, url: str, headers: dict[str, str] | None = None, errors: list[str] | None = None
) -> tuple[str | None, list[FeedEntry]]:
    """Entries of an RSS/Atom/JSON feed, in feed order; raises ``discover/malformed_feed``.

    A feed that is not well-formed XML (truncated, corrupt) is a reject when no entry with a link could be
    read from it; when some could, they are returned and the XML error is appended to ``errors``.
    """
    import xml.sax

    import feedparser

    response_headers = {"content-location": url}
    if headers and headers.get("content-type"):
        response_headers["content-type"] = headers["content-type"]
    try:
        parsed = feedparser.parse(content, response_headers=response_headers, sanitize_html=False)
    except (ValueError, OverflowError, RecursionError, KeyError, AttributeError, IndexError) as exc:
        # feedparser's lenient parser fails on some corrupt input: &#xD800;, a stray </link> (KeyError)
        raise RejectError("discover", "malformed_feed", f"{type(exc).__name__}: {exc}"[:300]) from None
    if not parsed.get("version") and not parsed.entries:
        why = parsed.get("bozo_exception")
        raise RejectError("discover", "malformed_feed", f"not an RSS/Atom feed: {why or 'no entries'}"[:300])
    entries: list[FeedEntry] = []
    for entry in parsed.entries:
        link = _entry_link(entry)
        if not link:
            continue
        entries.append(
            FeedEntry(
                url=link.strip(),
                title=(entry.get("title") or "").strip() or None,
                # dict.get: feedparser's own get() maps a missing updated_parsed to published_parsed with a
                # DeprecationWarning (an error under warnings-as-errors)
                published_at=_iso(dict.get(entry, "published_parsed") or dict.get(entry, "updated_parsed")),
                author=((entry.get("author_detail") or {}).get("name") or entry.get("author") or "").strip()
                or None,
            )
        )
    broken = (
        parsed.get("bozo_exception")
        if isinstance(parsed.get("bozo_exception"), xml.sax.SAXException)
        else None
    )
    if broken is not None:
        if not entries:
            raise RejectError(
                "discover", "malformed_feed", f"not well-formed XML, no entry read: {broken}"[:300]
            )
        if errors is not None:
            errors.append(
                f"not well-formed XML (truncated?): {len(entries)} entries read before {broken}"[:300]
            )
    title = parsed.feed.get("title") if parsed.get("feed") else None
    return title, entries


def feed_jobs(fetcher: Fetcher, store: FetchStateStore, feed_url: str) -> Iterator[UrlJob | Reject]:
    """Fetch (conditionally) and parse one feed; yield a job per entry, or one reject for the feed."""
    if not valid_url(feed_url):
        yield Reject(feed_url, "discover", "invalid_url", "a feed must be an absolute http(s) URL")
        return
    errors: list[str] = []
    try:
        body, res = fetcher.fetch_index(feed_url, "feed", store)
        _title, entries = parse_feed(body, res.final_url, res.headers, errors)
    except RejectError as err:
        yield err.to_reject(feed_url)
        return
    for error in errors:  # a partly readable feed: its entries are inputs, and the feed is reported too
        yield Reject(feed_url, "discover", "malformed_feed", error)
    for entry in entries:
        if not valid_url(entry.url):
            yield Reject(
                entry.url, "discover", "invalid_url", f"feed entry link in {feed_url} is not http(s)"
            )
            continue
        hints = Hints(title=entry.title, published_at=entry.published_at, author=entry.author)
        yield UrlJob(url=entry.url, input_ref=entry.url, origin="feed", hints=hints)
