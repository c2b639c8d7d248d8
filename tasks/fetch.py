"""Fetching over HTTP like a good citizen of the web, and surviving its failures.

One :class:`Fetcher` per run wraps one ``httpx.Client``. For every URL, in this order:

1. the SSRF guard (:mod:`tasks.netguard`) checks the URL; the connection re-checks the addresses;
2. robots.txt of the URL's origin (fetched once per origin and cached) must allow our User-Agent;
   a ``Crawl-delay`` slows that host down;
3. a per-host slot: at most ``per_host_concurrency`` requests at once and ``per_host_rate`` per second;
4. the request, with connect/read timeouts and an overall deadline. Redirects are followed by hand, at most
   ``max_redirects`` hops, each hop going through steps 1–3 again; a loop is refused at once;
5. the status: 429, 408 and 5xx, timeouts and dropped connections are retried with exponential backoff,
   honouring ``Retry-After`` (a longer wait than ``max_retry_after`` gives up instead of waiting);
   404, 410 and other 4xx fail at once; 304 answers a conditional request;
6. the content type must fit what was asked for (page, feed, sitemap), and the body is streamed with a
   size cap (counted after decompression, so a gzip bomb stops at the cap).

Every failure raises :class:`~tasks.records.RejectError` with stage ``fetch`` and a short reason
(``http_404``, ``timeout``, ``too_large``, ``redirect_loop``, ``robots_disallowed``, ``private_address``,
``unsupported_content_type``, ...). Charset detection is left to the clean stage, which sees the headers.

Feeds and sitemaps polled again are fetched with conditional requests (``If-None-Match`` /
``If-Modified-Since``); the validators and the last body are kept in ``fetch_state``
(:class:`FetchStateStore`), so a 304 still lets the caller re-read the entries.
"""

from __future__ import annotations

import contextlib
import email.utils
import gzip
import logging
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, TypeVar
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

import httpcore
import httpx
from pydantic import BaseModel, Field

from tasks import concurrency
from tasks.netguard import GuardedBackend, NetGuard
from tasks.records import RejectError, sha256_hex
from tasks.version import package_version

log = logging.getLogger("newsevents.fetch")

Kind = Literal["page", "feed", "sitemap", "robots"]
T = TypeVar("T")
R = TypeVar("R")


class FetchOptions(BaseModel):
    """How newsevents behaves on the web (the ``fetch`` settings group, ``NEWSEVENTS_FETCH__*``)."""

    user_agent: str = Field(
        default=f"newsevents/{package_version()} (+https://github.com/newsevents/newsevents)",
        description="User-Agent of every request; robots.txt rules are matched against it",
    )
    connect_timeout: float = Field(default=10.0, description="Seconds to open a connection")
    read_timeout: float = Field(default=30.0, description="Seconds to wait for each read")
    max_bytes: int = Field(
        default=20_000_000, description="Largest body accepted, in bytes (after decompression)"
    )
    max_redirects: int = Field(default=5, description="Redirect hops followed")
    retries: int = Field(default=3, description="Retries on 429, 408, 5xx, timeouts and dropped connections")
    backoff_base: float = Field(default=1.0, description="First backoff delay in seconds (doubles per retry)")
    max_retry_after: float = Field(
        default=120.0, description="Longest Retry-After honoured, in seconds; a longer one gives up"
    )
    respect_robots: bool = Field(default=True, description="Obey robots.txt")
    per_host_concurrency: int = Field(default=2, description="Requests in flight at once per host")
    per_host_rate: float = Field(default=1.0, description="Requests per second per host (0: no limit)")
    allow_private_hosts: bool = Field(
        default=False, description="Fetch URLs that resolve to private, loopback or link-local addresses"
    )
    concurrency: int = Field(default=8, description="Fetches in flight at once, across all hosts")
    total_timeout: float = Field(
        default=120.0, description="Seconds for one response, however slowly its body trickles in"
    )


RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504, 520, 521, 522, 523, 524})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
ROBOTS_MAX_BYTES = 512_000  # RFC 9309: parse at least 500 KiB; the rest is ignored
ROBOTS_TTL = 24 * 3600.0
ROBOTS_FAIL_TTL = 300.0  # a host that could not be reached is not tried again for this long
MAX_CRAWL_DELAY = 30.0
DROPPED_HEADERS = frozenset({"set-cookie"})

# Content types each kind of fetch accepts (a missing Content-Type is accepted; the parsers judge).
_XML_TYPES = ("application/xml", "text/xml")
ACCEPTED_TYPES: dict[str, tuple[str, ...]] = {
    "page": ("text/html", "application/xhtml+xml", "text/plain"),
    "feed": (*_XML_TYPES, "application/rss+xml", "application/atom+xml", "application/rdf+xml",
             "application/feed+json", "application/json", "text/plain"),
    "sitemap": (*_XML_TYPES, "text/plain", "application/gzip", "application/x-gzip",
                "application/octet-stream"),
}  # fmt: skip
ACCEPT_HEADER: dict[str, str] = {
    "page": "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.5,*/*;q=0.1",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.1",
    "sitemap": "application/xml,text/xml;q=0.9,text/plain;q=0.5,*/*;q=0.1",
    "robots": "text/plain,*/*;q=0.1",
}


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def media_type(content_type: str | None) -> str:
    """``text/html; charset=utf-8`` → ``text/html``."""
    return (content_type or "").split(";", 1)[0].strip().lower()


def content_type_ok(kind: Kind, content_type: str | None) -> bool:
    """Whether a response of this Content-Type is what a ``kind`` fetch asked for."""
    mtype = media_type(content_type)
    if not mtype or kind == "robots":
        return True
    if kind in ("feed", "sitemap") and mtype.endswith("+xml"):
        return True
    return mtype in ACCEPTED_TYPES[kind]


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date; None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now_ts = time.time() if now is None else now
    return max(0.0, when.timestamp() - now_ts)


def origin_of(url: str) -> str:
    """``scheme://host:port`` of a URL: the unit of politeness and of robots.txt."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    port = parts.port or (443 if scheme == "https" else 80)
    host = (parts.hostname or "").lower()
    return f"{scheme}://[{host}]:{port}" if ":" in host else f"{scheme}://{host}:{port}"


# ---------------------------------------------------------------------------------------------- results


@dataclass(slots=True)
class FetchResult:
    """A successful fetch (2xx with a body, or 304 to a conditional request)."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: datetime
    attempts: int = 1
    redirects: int = 0

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def content_type(self) -> str:
        return media_type(self.headers.get("content-type"))


@dataclass(slots=True)
class Validators:
    """What a conditional GET sends back: the ETag and Last-Modified of the previous answer."""

    etag: str | None = None
    last_modified: str | None = None

    def headers(self) -> dict[str, str]:
        out: dict[str, str] = {}
        if self.etag:
            out["If-None-Match"] = self.etag
        if self.last_modified:
            out["If-Modified-Since"] = self.last_modified
        return out

    def __bool__(self) -> bool:
        return bool(self.etag or self.last_modified)


@dataclass(slots=True)
class FetchStats:
    """Counters for one fetcher (thread-safe updates through :meth:`add`)."""

    requests: int = 0
    fetched: int = 0
    not_modified: int = 0
    retries: int = 0
    failed: int = 0
    bytes: int = 0
    robots_fetches: int = 0
    started: float = field(default_factory=time.perf_counter)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **deltas: int) -> None:
        with self._lock:
            for key, delta in deltas.items():
                setattr(self, key, getattr(self, key) + delta)

    def as_dict(self) -> dict[str, Any]:
        elapsed = time.perf_counter() - self.started
        return {
            "requests": self.requests, "fetched": self.fetched, "not_modified": self.not_modified,
            "retries": self.retries, "failed": self.failed, "bytes": self.bytes,
            "robots_fetches": self.robots_fetches, "elapsed_s": round(elapsed, 3),
            "pages_per_s": round(self.fetched / elapsed, 2) if elapsed > 0 else 0.0,
        }  # fmt: skip


class _Retryable(Exception):
    """A failure worth another attempt (timeouts, dropped connections, 429, 5xx)."""

    def __init__(self, reason: str, detail: str, retry_after: float | None = None) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
        self.retry_after = retry_after


# ---------------------------------------------------------------------------------------------- politeness


class HostPolicy:
    """Per-host concurrency (a semaphore per host) and rate (a minimum interval between request starts)."""

    def __init__(self, concurrency: int, rate: float, sleep: Callable[[float], None] = time.sleep) -> None:
        self.sleep = sleep
        self.concurrency = max(1, concurrency)
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._lock = threading.Lock()
        self._sems: dict[str, threading.BoundedSemaphore] = {}
        self._next: dict[str, float] = {}
        self._min_interval: dict[str, float] = {}

    def _sem(self, host: str) -> threading.BoundedSemaphore:
        with self._lock:
            sem = self._sems.get(host)
            if sem is None:
                sem = self._sems[host] = threading.BoundedSemaphore(self.concurrency)
            return sem

    def set_min_interval(self, host: str, seconds: float) -> None:
        """Slow a host down (robots.txt ``Crawl-delay``)."""
        with self._lock:
            self._min_interval[host] = max(self._min_interval.get(host, 0.0), seconds)

    def defer(self, host: str, seconds: float) -> None:
        """No request to this host for ``seconds`` (after a 429/503 with ``Retry-After``)."""
        with self._lock:
            self._next[host] = max(self._next.get(host, 0.0), time.monotonic() + seconds)

    def _turn(self, host: str) -> float:
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next.get(host, 0.0))
            self._next[host] = start + max(self.interval, self._min_interval.get(host, 0.0))
            return start - now

    @contextlib.contextmanager
    def slot(self, host: str) -> Iterator[None]:
        sem = self._sem(host)
        sem.acquire()
        try:
            wait = self._turn(host)
            if wait > 0:
                self.sleep(wait)
            yield
        finally:
            sem.release()


@dataclass(slots=True)
class _Robots:
    parser: RobotFileParser | None  # None: every path allowed (unless refused)
    refused: str | None  # a reject reason for every URL of the origin (robots.txt unreachable)
    detail: str
    expires: float


# ---------------------------------------------------------------------------------------------- the fetcher


class GuardedTransport(httpx.HTTPTransport):
    """httpx's transport on a connection pool whose sockets go through :class:`GuardedBackend`."""

    def __init__(self, guard: NetGuard, limits: httpx.Limits) -> None:
        super().__init__(limits=limits, trust_env=False)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=GuardedBackend(guard),
        )


class Fetcher:
    """Fetch URLs politely; thread-safe, so a pool of threads can share one (see :meth:`map_ordered`)."""

    def __init__(
        self,
        settings: FetchOptions,
        *,
        guard: NetGuard | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.settings = settings
        self.guard = guard or NetGuard.create(allow_private=settings.allow_private_hosts)
        self.sleep = sleep
        self.hosts = HostPolicy(settings.per_host_concurrency, settings.per_host_rate, sleep)
        self.stats = FetchStats()
        self._robots: dict[str, _Robots] = {}
        self._robots_locks: dict[str, threading.Lock] = {}
        self._robots_guard = threading.Lock()
        workers = max(1, settings.concurrency)
        limits = httpx.Limits(max_connections=workers * 2, max_keepalive_connections=workers * 2)
        self.client = httpx.Client(
            transport=GuardedTransport(self.guard, limits),
            timeout=httpx.Timeout(
                connect=settings.connect_timeout,
                read=settings.read_timeout,
                write=settings.read_timeout,
                pool=settings.total_timeout,
            ),
            headers={"User-Agent": settings.user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            trust_env=False,
        )
        self._pool: ThreadPoolExecutor | None = None

    # ------------------------------------------------------------------ lifecycle

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self.client.close()

    # ------------------------------------------------------------------ public API

    def fetch(self, url: str, kind: Kind = "page", validators: Validators | None = None) -> FetchResult:
        """Fetch one URL with retries; return the result or raise a ``fetch`` :class:`RejectError`."""
        attempt = 0
        while True:
            attempt += 1
            try:
                result = self._fetch_once(url, kind, validators)
            except _Retryable as exc:
                retries_left = self.settings.retries - (attempt - 1)
                too_long = exc.retry_after is not None and exc.retry_after > self.settings.max_retry_after
                if retries_left <= 0 or too_long:
                    self.stats.add(failed=int(kind != "robots"))
                    why = (
                        f"Retry-After {exc.retry_after:.0f} s exceeds max_retry_after "
                        f"{self.settings.max_retry_after:.0f} s"
                        if too_long
                        else f"after {attempt} attempt(s)"
                    )
                    raise RejectError("fetch", exc.reason, f"{exc.detail}; {why}") from None
                delay = exc.retry_after
                if delay is None:
                    delay = self.settings.backoff_base * (2 ** (attempt - 1)) * (0.5 + random.random())  # noqa: S311
                delay = min(delay, self.settings.max_retry_after)
                log.info("retrying %s in %.2f s (%s)", url, delay, exc)
                self.stats.add(retries=1)
                self.sleep(delay)
                continue
            except RejectError:
                self.stats.add(failed=int(kind != "robots"))
                raise
            result.attempts = attempt
            return result

    def map_ordered(self, fn: Callable[[T], R], items: Iterable[T], window: int | None = None) -> Iterator[R]:
        """``fn`` over ``items`` on the fetcher's threads, results in input order, at most ``window`` (twice
        the threads by default) ahead: the bounded window of :func:`tasks.concurrency.window`.

        Items are pulled lazily, so a feed is parsed only when its entries are needed, and memory holds
        at most ``window`` results.
        """
        workers = max(1, self.settings.concurrency)
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newsevents-fetch")
        pool = self._pool
        for _, result in concurrency.window(items, lambda item: pool.submit(fn, item), window or workers * 2):
            yield result

    # ------------------------------------------------------------------ robots.txt

    def _robots_for(self, origin: str) -> _Robots:
        with self._robots_guard:
            lock = self._robots_locks.setdefault(origin, threading.Lock())
        with lock:
            cached = self._robots.get(origin)
            if cached is not None and cached.expires > time.monotonic():
                return cached
            rules = self._load_robots(origin)
            self._robots[origin] = rules
            return rules

    def _load_robots(self, origin: str) -> _Robots:
        """RFC 9309: 4xx → everything allowed; 5xx or unreachable → everything disallowed."""
        url = origin + "/robots.txt"
        expires = time.monotonic() + ROBOTS_TTL
        self.stats.add(robots_fetches=1)
        try:
            result = self.fetch(url, kind="robots")
        except RejectError as err:
            if err.reason.startswith("http_4"):
                return _Robots(None, None, f"robots.txt {err.reason}: all allowed", expires)
            if err.reason.startswith("http_"):
                return _Robots(
                    None, "robots_unreachable", f"robots.txt answered {err.reason}: all disallowed", expires
                )
            # The host itself is unreachable: its pages would fail the same way; remember that briefly.
            brief = time.monotonic() + ROBOTS_FAIL_TTL
            return _Robots(None, err.reason, f"robots.txt: {err.detail}", brief)
        parser = RobotFileParser(url)
        text = result.content[:ROBOTS_MAX_BYTES].decode("utf-8", "replace")
        parser.parse(text.splitlines())
        delay = parser.crawl_delay(self.settings.user_agent)
        if delay:
            self.hosts.set_min_interval(origin, min(float(delay), MAX_CRAWL_DELAY))
        return _Robots(parser, None, "robots.txt", expires)

    def _check_robots(self, url: str) -> None:
        if not self.settings.respect_robots:
            return
        rules = self._robots_for(origin_of(url))
        if rules.refused is not None:
            raise RejectError("fetch", rules.refused, rules.detail)
        if rules.parser is not None and not rules.parser.can_fetch(self.settings.user_agent, url):
            raise RejectError("fetch", "robots_disallowed", f"{url} is disallowed by robots.txt")

    # ------------------------------------------------------------------ one attempt

    def _fetch_once(self, url: str, kind: Kind, validators: Validators | None) -> FetchResult:
        current = url
        seen = {url}
        for hop in range(self.settings.max_redirects + 1):
            self.guard.check_url(current)
            if kind != "robots":
                self._check_robots(current)
            origin = origin_of(current)
            with self.hosts.slot(origin):
                location = self._request(current, kind, validators, origin)
            if isinstance(location, FetchResult):
                location.url = url
                location.redirects = hop
                return location
            if location in seen:
                raise RejectError("fetch", "redirect_loop", f"{current} redirects back to {location}")
            seen.add(location)
            current = location
        raise RejectError(
            "fetch", "too_many_redirects", f"more than {self.settings.max_redirects} redirects from {url}"
        )

    def _request(self, url: str, kind: Kind, validators: Validators | None, origin: str) -> FetchResult | str:
        """One HTTP exchange: a result, or the next URL of a redirect."""
        headers = {"Accept": ACCEPT_HEADER[kind]}
        if validators:
            headers.update(validators.headers())
        deadline = time.monotonic() + self.settings.total_timeout
        self.stats.add(requests=1)
        try:
            request = self.client.build_request("GET", url, headers=headers)
            response = self.client.send(request, stream=True)
        except httpx.TimeoutException as exc:
            raise _Retryable("timeout", f"{type(exc).__name__} for {url}") from None
        except httpx.ConnectError as exc:
            raise _Retryable("connect_error", f"{url}: {exc}") from None
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise _Retryable("network_error", f"{type(exc).__name__} for {url}: {exc}") from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:
            raise RejectError("fetch", "invalid_url", f"{url}: {exc}") from None
        try:
            status = response.status_code
            if status in REDIRECT_STATUSES:
                target = response.headers.get("location")
                if not target:
                    raise RejectError("fetch", "bad_redirect", f"HTTP {status} without a Location header")
                try:
                    return str(response.url.join(target))
                except httpx.InvalidURL as exc:
                    raise RejectError("fetch", "bad_redirect", f"Location {target!r}: {exc}") from None
            resp_headers = {
                k.lower(): v for k, v in response.headers.items() if k.lower() not in DROPPED_HEADERS
            }
            if status == 304 and validators:
                self.stats.add(not_modified=1)
                return FetchResult(url, str(response.url), status, resp_headers, b"", utcnow())
            if status in RETRY_STATUSES:
                retry_after = parse_retry_after(response.headers.get("retry-after"))
                if retry_after is not None:
                    self.hosts.defer(origin, min(retry_after, self.settings.max_retry_after))
                raise _Retryable(
                    f"http_{status}", f"HTTP {status} {response.reason_phrase} for {url}", retry_after
                )
            if status >= 400:
                raise RejectError(
                    "fetch", f"http_{status}", f"HTTP {status} {response.reason_phrase} for {url}"
                )
            if not 200 <= status < 300:
                raise RejectError("fetch", f"http_{status}", f"unexpected HTTP {status} for {url}")
            ctype = response.headers.get("content-type")
            if not content_type_ok(kind, ctype):
                raise RejectError(
                    "fetch", "unsupported_content_type", f"{media_type(ctype)} is not a {kind} type ({url})"
                )
            content = self._read_capped(response, kind, url, deadline)
        finally:
            response.close()
        self.stats.add(fetched=1, bytes=len(content))
        return FetchResult(url, str(response.url), status, resp_headers, content, utcnow())

    def _read_capped(self, response: httpx.Response, kind: Kind, url: str, deadline: float) -> bytes:
        cap = ROBOTS_MAX_BYTES if kind == "robots" else self.settings.max_bytes
        declared = response.headers.get("content-length")
        if kind != "robots" and declared and declared.isdigit() and int(declared) > cap:
            raise RejectError("fetch", "too_large", f"Content-Length {declared} > cap of {cap} bytes ({url})")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > cap:
                    if kind == "robots":
                        chunks.append(chunk)
                        break
                    raise RejectError("fetch", "too_large", f"body over the cap of {cap} bytes ({url})")
                chunks.append(chunk)
                if time.monotonic() > deadline:
                    raise _Retryable(
                        "timeout", f"body still arriving after {self.settings.total_timeout} s ({url})"
                    )
        except httpx.TimeoutException:
            raise _Retryable("timeout", f"read timeout in the body of {url}") from None
        except (httpx.RemoteProtocolError, httpx.ReadError) as exc:
            raise _Retryable("network_error", f"{type(exc).__name__} in the body of {url}") from None
        except httpx.DecodingError as exc:
            raise RejectError("fetch", "decoding_error", f"bad Content-Encoding in {url}: {exc}") from None
        return b"".join(chunks)

    # ------------------------------------------------------------------ conditional fetches

    def fetch_index(self, url: str, kind: Kind, store: FetchStateStore) -> tuple[bytes, FetchResult]:
        """Fetch a feed or sitemap conditionally; on 304 return the body stored by the previous poll."""
        prev = store.get(url)
        validators = None
        if prev is not None and prev.body is not None:
            validators = Validators(prev.etag, prev.last_modified) or None
        result = self.fetch(url, kind=kind, validators=validators)
        now = utcnow()
        if result.not_modified and prev is not None and prev.body is not None:
            prev.checked_at = now
            prev.not_modified += 1
            prev.status = 304
            store.put(prev)
            return prev.body, result
        state = FetchState(
            url=url,
            kind=kind,
            etag=result.headers.get("etag"),
            last_modified=result.headers.get("last-modified"),
            status=result.status,
            content_hash=sha256_hex(result.content),
            body=result.content,
            fetched_at=now,
            checked_at=now,
        )
        store.put(state)
        return result.content, result


# ---------------------------------------------------------------------------------------------- fetch_state


@dataclass(slots=True)
class FetchState:
    """What we remember about a polled URL (feed or sitemap): validators and the last body."""

    url: str
    kind: str
    etag: str | None
    last_modified: str | None
    status: int | None
    content_hash: str | None
    body: bytes | None
    fetched_at: datetime | None
    checked_at: datetime | None
    not_modified: int = 0


class FetchStateStore:
    """``fetch_state`` rows in the DuckDB file, or an in-memory dict when there is no database."""

    def __init__(self, db_path: str | Path | None = None) -> None:
        self.db_path = Path(db_path) if db_path is not None and str(db_path) != ":memory:" else None
        self._memory: dict[str, FetchState] = {}
        self._migrated = False

    @contextlib.contextmanager
    def _conn(self) -> Iterator[Any]:
        from tasks import db as dbmod

        assert self.db_path is not None
        with dbmod.thread_lock():
            conn = dbmod.connect(self.db_path, wait_seconds=120.0)
            try:
                if not self._migrated:  # migrating re-creates every view: once is enough
                    dbmod.migrate(conn)
                    self._migrated = True
                yield conn
            finally:
                conn.close()

    def get(self, url: str) -> FetchState | None:
        if self.db_path is None:
            return self._memory.get(url)
        with self._conn() as conn:
            row = conn.execute(
                "SELECT url, kind, etag, last_modified, status, content_hash, body_gz, fetched_at, "
                "checked_at, not_modified FROM fetch_state WHERE url = ?",
                [url],
            ).fetchone()
        if row is None:
            return None
        body = gzip.decompress(row[6]) if row[6] is not None else None
        return FetchState(row[0], row[1], row[2], row[3], row[4], row[5], body, row[7], row[8], row[9] or 0)

    def put(self, state: FetchState) -> None:
        if self.db_path is None:
            self._memory[state.url] = state
            return
        body_gz = gzip.compress(state.body, compresslevel=6) if state.body is not None else None
        with self._conn() as conn:
            conn.execute(
                """
                INSERT OR REPLACE INTO fetch_state
                    (url, kind, etag, last_modified, status, content_hash, body_gz, fetched_at, checked_at,
                     not_modified)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [state.url, state.kind, state.etag, state.last_modified, state.status, state.content_hash,
                 body_gz, state.fetched_at, state.checked_at, state.not_modified],
            )  # fmt: skip

    def known(self, keys: Sequence[str]) -> set[str]:
        """Those of ``keys`` (URLs or canonical URLs) already fetched and stored by an earlier run."""
        if self.db_path is None or not keys or not self.db_path.exists():
            return set()
        import pyarrow as pa

        with self._conn() as conn:
            conn.register("_nev_known", pa.table({"k": pa.array(sorted(set(keys)), pa.string())}))
            try:
                # One semi join per column (hash joins), not one OR condition (a nested loop on big tables).
                rows = conn.execute(
                    """
                    SELECT k FROM _nev_known SEMI JOIN raw_documents AS r ON r.input_key = k
                    UNION SELECT k FROM _nev_known SEMI JOIN raw_documents AS r ON r.url = k
                    UNION SELECT k FROM _nev_known SEMI JOIN raw_documents AS r ON r.final_url = k
                    UNION SELECT k FROM _nev_known SEMI JOIN duplicates AS d ON d.input_key = k
                    UNION SELECT k FROM _nev_known SEMI JOIN duplicates AS d ON d.url = k
                    """
                ).fetchall()
            finally:
                conn.unregister("_nev_known")
        return {r[0] for r in rows}
