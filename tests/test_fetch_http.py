"""The fetcher against a real HTTP server on 127.0.0.1: retries, timeouts, caps, redirects, content types,
robots.txt, politeness and conditional requests. Nothing is mocked; waits are kept short by settings."""

from __future__ import annotations

import gzip
import itertools
import socket
import threading
import time
from email.utils import formatdate

import pytest
from httpserver import LocalServer, Reply, conditional

from tasks.fetch import Fetcher, FetchOptions, FetchStateStore, HostPolicy, parse_retry_after
from tasks.records import RejectError

SETTINGS = FetchOptions(
    user_agent="newsevents-test/1.0 (+https://example.org/bot)",
    connect_timeout=1.0,
    read_timeout=0.4,
    total_timeout=3.0,
    retries=2,
    backoff_base=0.01,
    max_retry_after=1.5,
    per_host_concurrency=4,
    per_host_rate=0,
    allow_private_hosts=True,
    concurrency=4,
    max_bytes=200_000,
)
PAGE = "<html><head><title>T</title></head><body><p>Story text.</p></body></html>"


def settings(**changes: object) -> FetchOptions:
    return SETTINGS.model_copy(update=changes)


class SleepLog:
    """Records the fetcher's waits and sleeps for real (short waits only)."""

    def __init__(self) -> None:
        self.waits: list[float] = []
        self.lock = threading.Lock()

    def __call__(self, seconds: float) -> None:
        with self.lock:
            self.waits.append(seconds)
        time.sleep(seconds)


def fetch_error(fetcher: Fetcher, url: str, kind: str = "page") -> RejectError:
    with pytest.raises(RejectError) as info:
        fetcher.fetch(url, kind=kind)  # type: ignore[arg-type]
    assert info.value.stage == "fetch"
    return info.value


def test_fetch_page_sends_user_agent_and_keeps_headers(http_server: LocalServer) -> None:
    url = http_server.route("/a", Reply(body=PAGE, headers={"ETag": '"v1"', "Set-Cookie": "s=1"}))
    with Fetcher(SETTINGS) as fetcher:
        res = fetcher.fetch(url)
    assert (res.status, res.content, res.final_url, res.attempts) == (200, PAGE.encode(), url, 1)
    assert res.headers["etag"] == '"v1"' and res.headers["content-type"].startswith("text/html")
    assert "set-cookie" not in res.headers
    assert http_server.hits("/a")[0].headers["user-agent"] == SETTINGS.user_agent


@pytest.mark.parametrize("status", [400, 401, 403, 404, 410, 451])
def test_fetch_permanent_failure_is_not_retried(http_server: LocalServer, status: int) -> None:
    url = http_server.route("/gone", Reply(status, body="no"))
    with Fetcher(SETTINGS) as fetcher:
        err = fetch_error(fetcher, url)
    assert err.reason == f"http_{status}"
    assert len(http_server.hits("/gone")) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504, 408])
def test_fetch_server_error_then_ok_loads_after_retry(http_server: LocalServer, status: int) -> None:
    url = http_server.route("/flaky", [Reply(status, body="busy"), Reply(body=PAGE)])
    with Fetcher(SETTINGS) as fetcher:
        res = fetcher.fetch(url)
        assert fetcher.stats.retries == 1
    assert (res.status, res.attempts) == (200, 2)
    assert len(http_server.hits("/flaky")) == 2


def test_fetch_persistent_server_error_is_rejected_after_retries(http_server: LocalServer) -> None:
    url = http_server.route("/down", Reply(503, body="down"))
    with Fetcher(SETTINGS) as fetcher:
        err = fetch_error(fetcher, url)
    assert err.reason == "http_503"
    assert "after 3 attempt(s)" in err.detail
    assert len(http_server.hits("/down")) == SETTINGS.retries + 1


def test_fetch_429_honours_retry_after(http_server: LocalServer) -> None:
    limited = Reply(429, body="slow down", headers={"Retry-After": "1"})
    url = http_server.route("/limited", [limited, Reply(body=PAGE)])
    sleeps = SleepLog()
    with Fetcher(SETTINGS, sleep=sleeps) as fetcher:
        res = fetcher.fetch(url)
    assert res.status == 200 and res.attempts == 2
    hits = http_server.hits("/limited")
    assert len(hits) == 2
    assert max(sleeps.waits) >= 1.0  # waited what the server asked, not the 0.01 s backoff
    assert hits[1].at - hits[0].at >= 0.95


def test_fetch_retry_after_http_date(http_server: LocalServer) -> None:
    assert parse_retry_after(formatdate(time.time() + 30, usegmt=True)) == pytest.approx(30, abs=2)
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("soon") is None


def test_fetch_retry_after_beyond_cap_gives_up_at_once(http_server: LocalServer) -> None:
    url = http_server.route("/later", Reply(429, body="later", headers={"Retry-After": "3600"}))
    sleeps = SleepLog()
    with Fetcher(SETTINGS, sleep=sleeps) as fetcher:
        err = fetch_error(fetcher, url)
    assert err.reason == "http_429" and "Retry-After 3600" in err.detail
    assert len(http_server.hits("/later")) == 1
    assert sleeps.waits == []


def test_fetch_slow_response_times_out_then_recovers(http_server: LocalServer) -> None:
    url = http_server.route("/slow", [Reply(body=PAGE, delay=1.0), Reply(body=PAGE)])
    with Fetcher(SETTINGS) as fetcher:
        res = fetcher.fetch(url)
    assert res.status == 200 and res.attempts == 2


def test_fetch_always_slow_is_rejected_as_timeout(http_server: LocalServer) -> None:
    url = http_server.route("/slower", Reply(body=PAGE, delay=1.0))
    with Fetcher(settings(retries=1)) as fetcher:
        err = fetch_error(fetcher, url)
    assert err.reason == "timeout"
    assert len(http_server.hits("/slower")) == 2


def test_fetch_trickling_body_hits_the_total_deadline(http_server: LocalServer) -> None:
    url = http_server.route("/trickle", Reply(body=PAGE * 20, chunks=20, trickle=0.1))
    with Fetcher(settings(retries=0, total_timeout=0.5)) as fetcher:
        err = fetch_error(fetcher, url)
    assert err.reason == "timeout"


def test_fetch_connection_refused(http_server: LocalServer) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with Fetcher(settings(retries=1, respect_robots=False)) as fetcher:
        err = fetch_error(fetcher, f"http://127.0.0.1:{port}/x")
    assert err.reason == "connect_error"


def test_fetch_follows_redirects_and_records_final_url(http_server: LocalServer) -> None:
    final = http_server.route("/new", Reply(body=PAGE))
    http_server.route("/mid", Reply(302, headers={"Location": "/new"}))
    url = http_server.route("/old", Reply(301, headers={"Location": http_server.url("/mid")}))
    with Fetcher(SETTINGS) as fetcher:
        res = fetcher.fetch(url)
    assert (res.url, res.final_url, res.redirects) == (url, final, 2)


@pytest.mark.parametrize("routes", [
    {"/loop": "/loop"},
    {"/loop": "/b", "/b": "/c", "/c": "/loop"},
])  # fmt: skip
def test_fetch_redirect_loop_is_refused(http_server: LocalServer, routes: dict[str, str]) -> None:
    for path, target in routes.items():
        http_server.route(path, Reply(302, headers={"Location": target}))
    with Fetcher(SETTINGS) as fetcher:
        err = fetch_error(fetcher, http_server.url("/loop"))
    assert err.reason == "redirect_loop"
    assert len(http_server.hits("/loop")) == 1  # a loop is not retried


def test_fetch_too_many_redirects(http_server: LocalServer) -> None:
    for i in range(8):
        http_server.route(f"/r{i}", Reply(302, headers={"Location": f"/r{i + 1}"}))
    http_server.route("/r8", Reply(body=PAGE))
    with Fetcher(settings(max_redirects=5)) as fetcher:
        err = fetch_error(fetcher, http_server.url("/r0"))
        assert err.reason == "too_many_redirects"
    with Fetcher(settings(max_redirects=8)) as fetcher:
        assert fetcher.fetch(http_server.url("/r0")).final_url.endswith("/r8")


@pytest.mark.parametrize("reply", [
    Reply(body=b"x" * 300_000),  # Content-Length over the cap: refused before reading
    Reply(body=b"x" * 300_000, send_length=False),  # no length: stopped while streaming
    Reply(body=b"<p>" + b" " * 5_000_000, gzip=True),  # 5 MB that compresses to a few KB
], ids=["content-length", "streamed", "gzip-bomb"])  # fmt: skip
def test_fetch_huge_body_is_capped(http_server: LocalServer, reply: Reply) -> None:
    url = http_server.route("/huge", reply)
    with Fetcher(SETTINGS) as fetcher:
        err = fetch_error(fetcher, url)
    assert err.reason == "too_large"
    assert len(http_server.hits("/huge")) == 1


def test_fetch_gzip_body_is_decoded(http_server: LocalServer) -> None:
    url = http_server.route("/gz", Reply(body=PAGE, gzip=True))
    with Fetcher(SETTINGS) as fetcher:
        assert fetcher.fetch(url).content == PAGE.encode()


@pytest.mark.parametrize(("kind", "ctype", "ok"), [
    ("page", "text/html; charset=iso-8859-1", True),
    ("page", "application/xhtml+xml", True),
    ("page", "image/png", False),
    ("page", "application/pdf", False),
    ("feed", "application/rss+xml", True),
    ("feed", "application/atom+xml; charset=utf-8", True),
    ("feed", "text/xml", True),
    ("feed", "text/html", False),
    ("sitemap", "application/xml", True),
    ("sitemap", "application/x-gzip", True),
    ("sitemap", "image/jpeg", False),
])  # fmt: skip
def test_fetch_content_type_check(http_server: LocalServer, kind: str, ctype: str, ok: bool) -> None:
    url = http_server.route("/thing", Reply(body="<x/>", content_type=ctype))
    with Fetcher(SETTINGS) as fetcher:
        if ok:
            assert fetcher.fetch(url, kind=kind).status == 200  # type: ignore[arg-type]
        else:
            assert fetch_error(fetcher, url, kind).reason == "unsupported_content_type"


def test_fetch_robots_txt_is_respected_and_cached(http_server: LocalServer) -> None:
    robots = "User-agent: *\nDisallow: /private/\n"
    http_server.route("/robots.txt", Reply(body=robots, content_type="text/plain"))
    open_url = http_server.route("/public/1", Reply(body=PAGE))
    http_server.route("/public/2", Reply(body=PAGE))
    private = http_server.route("/private/1", Reply(body=PAGE))
    with Fetcher(SETTINGS) as fetcher:
        assert fetcher.fetch(open_url).status == 200
        assert fetcher.fetch(http_server.url("/public/2")).status == 200
        err = fetch_error(fetcher, private)
    assert err.reason == "robots_disallowed"
    assert http_server.hits("/private/1") == []
    assert len(http_server.hits("/robots.txt")) == 1
    with Fetcher(settings(respect_robots=False)) as fetcher:
        assert fetcher.fetch(private).status == 200


def test_fetch_robots_txt_names_our_agent(http_server: LocalServer) -> None:
    robots = "User-agent: newsevents-test\nDisallow: /\n\nUser-agent: *\nAllow: /\n"
    http_server.route("/robots.txt", Reply(body=robots, content_type="text/plain"))
    url = http_server.route("/page", Reply(body=PAGE))
    with Fetcher(SETTINGS) as fetcher:
        assert fetch_error(fetcher, url).reason == "robots_disallowed"
    with Fetcher(settings(user_agent="otherbot/2.0")) as fetcher:
        assert fetcher.fetch(url).status == 200


def test_fetch_robots_txt_server_error_disallows_the_site(http_server: LocalServer) -> None:
    http_server.route("/robots.txt", Reply(500, body="oops"))
    url = http_server.route("/page", Reply(body=PAGE))
    with Fetcher(settings(retries=0)) as fetcher:
        assert fetch_error(fetcher, url).reason == "robots_unreachable"
    assert http_server.hits("/page") == []


def test_fetch_per_host_concurrency_is_bounded(http_server: LocalServer) -> None:
    for i in range(6):
        http_server.route(f"/c{i}", Reply(body=PAGE, delay=0.2))
    with Fetcher(settings(per_host_concurrency=2, concurrency=6)) as fetcher:
        results = list(fetcher.map_ordered(fetcher.fetch, [http_server.url(f"/c{i}") for i in range(6)]))
    assert [r.url for r in results] == [http_server.url(f"/c{i}") for i in range(6)]  # input order kept
    assert 1 <= http_server.max_inflight <= 2  # never more than the per-host cap, though 6 threads were free


def test_fetch_per_host_rate_spaces_requests(http_server: LocalServer) -> None:
    for i in range(4):
        http_server.route(f"/p{i}", Reply(body=PAGE))
    with Fetcher(settings(per_host_rate=5.0, respect_robots=False)) as fetcher:
        list(fetcher.map_ordered(fetcher.fetch, [http_server.url(f"/p{i}") for i in range(4)]))
    starts = sorted(r.at for r in http_server.requests)
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(starts) == 4 and min(gaps) >= 0.18  # 5 per second: 0.2 s apart


def test_fetch_host_policy_defer_delays_the_host() -> None:
    sleeps = SleepLog()
    policy = HostPolicy(concurrency=1, rate=0, sleep=sleeps)
    policy.defer("http://h:80", 0.2)
    with policy.slot("http://h:80"):
        pass
    with policy.slot("http://other:80"):
        pass
    assert len(sleeps.waits) == 1 and 0.1 < sleeps.waits[0] <= 0.2


def test_fetch_conditional_get_answers_304_and_reuses_body(http_server: LocalServer, db_path) -> None:
    feed = "<rss><channel><title>t</title></channel></rss>"
    url = http_server.route("/feed.xml", conditional(feed, '"abc"', "application/rss+xml"))
    store = FetchStateStore(db_path)
    with Fetcher(SETTINGS) as fetcher:
        body1, res1 = fetcher.fetch_index(url, "feed", store)
    with Fetcher(SETTINGS) as fetcher:  # a later poll: a new process would read the same row
        body2, res2 = fetcher.fetch_index(url, "feed", FetchStateStore(db_path))
    assert (res1.status, res2.status) == (200, 304)
    assert body1 == body2 == feed.encode()
    first, second = http_server.hits("/feed.xml")
    assert "if-none-match" not in first.headers
    assert second.headers["if-none-match"] == '"abc"' and "if-modified-since" in second.headers
    state = FetchStateStore(db_path).get(url)
    assert state is not None and state.not_modified == 1 and state.etag == '"abc"'


def test_fetch_pages_per_second_figure(http_server: LocalServer) -> None:
    """Throughput on loopback with politeness off (a figure for the report, asserted only to be > 0)."""
    urls = [http_server.route(f"/n{i}", Reply(body=PAGE * 50)) for i in range(60)]
    with Fetcher(settings(per_host_concurrency=4)) as fetcher:
        got = list(fetcher.map_ordered(fetcher.fetch, urls))
        figure = fetcher.stats.as_dict()
    assert len(got) == 60 and figure["fetched"] == 60 and figure["pages_per_s"] > 0
    print(f"fetch figure: {figure}")


def test_fetch_gzip_helper_sanity() -> None:
    assert gzip.decompress(Reply(body="abc", gzip=True).payload()) == b"abc"
