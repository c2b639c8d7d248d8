"""URLs: given on the command line or listed in a file, fetched into raw documents.

A URL file has one URL per line; ``#`` at the start of a line or after a space starts a comment, blank lines
are skipped (``#`` right after a URL character is its fragment, not a comment). A line that is not an
http(s) URL is a ``discover/invalid_url`` reject named ``file:line``.

A fetched page's identity (``input_key``) is its canonical URL: the final URL after redirects, normalised
by courlan, with tracking parameters (``utm_*``, ``fbclid``, ...) and the fragment removed. So the same
story reached through ``?utm_source=rss`` and through a plain link is one input.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from tasks.fetch import Fetcher
from tasks.records import Hints, RawDocument, Reject, RejectError

_COMMENT = re.compile(r"(^|\s)#.*$")


@dataclass(slots=True)
class UrlJob:
    """A URL to fetch as an article, with where it came from and the metadata that came with it."""

    url: str
    input_ref: str
    origin: str = "url"  # url | feed | sitemap
    hints: Hints = field(default_factory=Hints)


def is_url(text: str) -> bool:
    """True for an absolute http(s) URL (how the CLI tells URLs from paths)."""
    return text.lower().startswith(("http://", "https://"))


def canonical_url(url: str) -> str:
    """The URL as an identity: courlan-normalised, tracking parameters and fragment removed.

    Falls back to the URL without its fragment when courlan cannot parse it.
    """
    import courlan

    try:
        normal = courlan.normalize_url(url)
    except (ValueError, TypeError):
        normal = url
    parts = urlsplit(normal)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def valid_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.hostname)


def url_jobs(urls: Iterable[str], origin: str = "url") -> Iterator[UrlJob | Reject]:
    """URLs given directly (command line, flow parameter)."""
    for raw in urls:
        url = raw.strip()
        if not valid_url(url):
            yield Reject(raw, "discover", "invalid_url", "expected an absolute http:// or https:// URL")
            continue
        yield UrlJob(url=url, input_ref=url, origin=origin)


def read_url_file(path: str | Path) -> Iterator[UrlJob | Reject]:
    """Stream a URL list, one URL per line; ``#`` comments and blank lines are skipped."""
    path = Path(path)
    try:
        handle = path.open("r", encoding="utf-8", errors="replace")
    except OSError as exc:
        yield Reject(str(path), "discover", "unreadable", exc.strerror or str(exc))
        return
    with handle:
        for lineno, line in enumerate(handle, start=1):
            text = _COMMENT.sub("", line).strip()
            if not text:
                continue
            if not valid_url(text):
                yield Reject(
                    f"{path}:{lineno}", "discover", "invalid_url", f"not an http(s) URL: {text[:200]!r}"
                )
                continue
            yield UrlJob(url=text, input_ref=text, origin="url")


def fetch_page(fetcher: Fetcher, job: UrlJob) -> RawDocument | Reject:
    """Fetch one article URL into a raw document, or a ``fetch`` reject (runs on the fetcher's threads)."""
    try:
        res = fetcher.fetch(job.url, kind="page")
    except RejectError as err:
        return err.to_reject(job.input_ref)
    except Exception as exc:  # a bug or a library failure must not sink the run
        return Reject(job.input_ref, "fetch", "internal_error", f"{type(exc).__name__}: {exc}"[:500])
    return RawDocument(
        input_ref=job.input_ref,
        origin=job.origin,
        kind="text" if res.content_type == "text/plain" else "html",
        data=res.content,
        url=job.url,
        final_url=res.final_url,
        status=res.status,
        headers=res.headers,
        fetched_at=res.fetched_at,
        hints=job.hints,
        identity=canonical_url(res.final_url),
    )
