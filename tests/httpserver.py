"""A real threaded HTTP server on 127.0.0.1 for the fetch and source tests (no mocked HTTP client).

Routes map a path to a :class:`Reply`, to a list of replies served in turn (the last one repeats: "500
then 200"), or to a function of the request. Every request is logged with its headers, so a test can
assert what the client sent (User-Agent, If-None-Match, ...). Unknown paths answer 404.
"""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    trickle: float = 0.0  # seconds between chunks of the body
    chunks: int = 1
    gzip: bool = False  # send the body with Content-Encoding: gzip
    send_length: bool = True  # False: no Content-Length, the body ends when the connection closes

    def payload(self) -> bytes:
        data = self.body.encode("utf-8") if isinstance(self.body, str) else self.body
        return gzip.compress(data) if self.gzip else data


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    at: float
    status: int = 0  # what the server answered


Route = Reply | list[Reply] | Callable[[Request], Reply]


def conditional(
    body: bytes | str, etag: str, content_type: str, last_modified: float | None = None
) -> Callable[[Request], Reply]:
    """A route that honours If-None-Match / If-Modified-Since with 304, like a real feed server."""
    stamp = formatdate(last_modified or 1_700_000_000, usegmt=True)

    def handler(req: Request) -> Reply:
        headers = {"ETag": etag, "Last-Modified": stamp}
        if req.headers.get("if-none-match") == etag or req.headers.get("if-modified-since") == stamp:
            return Reply(304, b"", None, headers)
        return Reply(200, body, content_type, headers)

    return handler


class LocalServer:
    """``with LocalServer() as srv: srv.route("/a", Reply(body="hi")); httpx.get(srv.url("/a"))``."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self._turns: dict[str, int] = {}
        self.inflight = 0
        self.max_inflight = 0  # the most requests this server handled at once
        self._lock = threading.Lock()
        self.stopping = threading.Event()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, client_address: None  # type: ignore[method-assign]
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def __enter__(self) -> LocalServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"

    def route(self, path: str, route: Route) -> str:
        """Serve ``route`` at ``path``; returns the full URL."""
        with self._lock:
            self.routes[path] = route
            self._turns.pop(path, None)
        return self.url(path)

    def hits(self, path: str) -> list[Request]:
        with self._lock:
            return [r for r in self.requests if path in (r.path, r.path.split("?", 1)[0])]

    def _reply(self, req: Request) -> Reply:
        with self._lock:
            self.requests.append(req)
            key = req.path if req.path in self.routes else req.path.split("?", 1)[0]  # query-blind fallback
            route = self.routes.get(key)
            if isinstance(route, list):
                turn = self._turns.get(key, 0)
                self._turns[key] = turn + 1
                return route[min(turn, len(route) - 1)]
        if route is None:
            return Reply(404, b"not found", "text/plain")
        if callable(route):
            return route(req)
        return route

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                with server._lock:
                    server.inflight += 1
                    server.max_inflight = max(server.max_inflight, server.inflight)
                try:
                    self._get()
                finally:
                    with server._lock:
                        server.inflight -= 1

            def _get(self) -> None:
                req = Request(
                    "GET", self.path, {k.lower(): v for k, v in self.headers.items()}, time.monotonic()
                )
                reply = server._reply(req)
                req.status = reply.status
                if reply.delay and server.stopping.wait(reply.delay):
                    return
                payload = reply.payload()
                self.send_response(reply.status)
                if reply.content_type:
                    self.send_header("Content-Type", reply.content_type)
                if reply.gzip:
                    self.send_header("Content-Encoding", "gzip")
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                if reply.send_length:
                    self.send_header("Content-Length", str(len(payload)))
                else:
                    self.send_header("Connection", "close")
                    self.close_connection = True
                self.end_headers()
                if reply.chunks <= 1:
                    self.wfile.write(payload)
                    return
                step = max(1, len(payload) // reply.chunks)
                for i in range(0, len(payload), step):
                    self.wfile.write(payload[i : i + step])
                    self.wfile.flush()
                    if server.stopping.wait(reply.trickle):
                        return

        return Handler


# ---------------------------------------------------------------------------------------------- content

_ACTORS = [
    "The prime minister",
    "Protesters",
    "The central bank",
    "Rebel commanders",
    "The health ministry",
    "Opposition lawmakers",
    "The army",
    "Union leaders",
    "The foreign minister",
    "Local officials",
    "The United Nations envoy",
    "Police",
    "The governor",
    "Farmers",
    "Investigators",
    "The court",
]
_VERBS = [
    "criticised",
    "met",
    "accused",
    "praised",
    "threatened",
    "visited",
    "sued",
    "thanked",
    "warned",
    "invited",
    "condemned",
    "supported",
    "questioned",
    "blocked",
    "welcomed",
    "rejected",
]
_OBJECTS = [
    "the new budget plan",
    "a delegation from the neighbouring state",
    "the election commission",
    "striking dock workers",
    "the mining company",
    "regional governors",
    "the ceasefire proposal",
    "the water agreement",
    "foreign journalists",
    "the customs reform",
    "the grain exporters",
    "the transport authority",
    "the border guards",
    "the refugee agency",
    "the power utility",
]
_PLACES = [
    "in the capital",
    "near the northern border",
    "at the harbour",
    "outside parliament",
    "in the eastern province",
    "at a hotel downtown",
    "in the port city",
    "on the main square",
]
_DAYS = [
    "on Monday",
    "on Tuesday",
    "late on Wednesday",
    "on Thursday morning",
    "on Friday",
    "over the weekend",
]
_TAILS = [
    "officials said",
    "according to a statement",
    "witnesses told reporters",
    "a spokesman confirmed",
    "state media reported",
    "two people familiar with the talks said",
]


def article_text(seed: int, sentences: int = 12) -> list[str]:
    """Paragraphs of a plausible English news story; different seeds give different stories."""
    import random

    rng = random.Random(seed)
    paras: list[str] = []
    for i in range(sentences):
        s = (
            f"{rng.choice(_ACTORS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)} {rng.choice(_PLACES)} "
            f"{rng.choice(_DAYS)}, {rng.choice(_TAILS)}, in a dispute number {seed * 100 + i} of the year."
        )
        if i % 3 == 2 and paras:
            paras[-1] += " " + s
        else:
            paras.append(s)
    return paras


def article_html(
    seed: int, title: str | None = None, date: str | None = "2025-06-03", extra: str = ""
) -> str:
    """A news page: navigation and footer boilerplate around a dated article (trafilatura finds the body)."""
    title = title or f"Story {seed}: talks continue in the capital"
    body = "\n".join(f"<p>{p}</p>" for p in article_text(seed))
    meta = f'<meta property="article:published_time" content="{date}">' if date else ""
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{meta}</head>'
        '<body><nav><a href="/">Home</a> <a href="/world">World</a> <a href="/sport">Sport</a></nav>'
        f"<article><h1>{title}</h1>{body}{extra}</article>"
        '<footer>Copyright 2025 Test News. All rights reserved. <a href="/privacy">Privacy</a></footer>'
        "</body></html>"
    )


def rss(items: list[tuple[str, str, str | None]], title: str = "Test News") -> str:
    """An RSS 2.0 feed of (link, title, RFC 822 date or None) items."""
    entries = "".join(
        f"<item><title>{t}</title><link>{link}</link>" + (f"<pubDate>{d}</pubDate>" if d else "") + "</item>"
        for link, t, d in items
    )
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>{title}</title>{entries}</channel></rss>'


def atom(items: list[tuple[str, str, str]], title: str = "Test News") -> str:
    """An Atom feed of (link, title, ISO date) entries."""
    entries = "".join(
        f'<entry><title>{t}</title><link rel="alternate" href="{link}"/><id>{link}</id>'
        f"<updated>{d}</updated><published>{d}</published><author><name>Ann Writer</name></author></entry>"
        for link, t, d in items
    )
    return f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>{title}</title>{entries}</feed>'
