"""The torture corpus: every kind of broken input the file system and the web produce, generated here (no
binary is committed). Every item ends loaded, as a duplicate, or rejected with a specific stage and reason,
asserted item by item, within bounded time (the per-document budget, pytest-timeout as the backstop) and
bounded memory (size caps checked before reading; tracemalloc and the run's peak RSS).

- unit level (no model): each local item through discovery and cleaning; feeds, sitemaps and WARC files
  through their parsers; the size caps under tracemalloc; the time budget;
- integration (model): one ``ingest`` run in a subprocess over all of it — files, JSONL, WARC, and pages,
  feeds and sitemaps served by a real HTTP server on 127.0.0.1 — with the outcome of every input read back
  from DuckDB, the accounting invariant, the consistency checks and the run's peak memory.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import tracemalloc
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from httpserver import LocalServer, Reply, article_html, article_text, rss
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tasks.budget import enforceable, within
from tasks.clean import CleanOptions, clean_batch, detect_language
from tasks.db import run_checks
from tasks.records import RawDocument, Reject, RejectError
from tasks.sources.feeds import parse_feed
from tasks.sources.local import discover, read_jsonl
from tasks.sources.sitemaps import parse_sitemap
from tasks.sources.warc import read_warc
from tests.conftest import REPO

MB = 1_000_000

# ---------------------------------------------------------------------------------------------- expectations


@dataclass(frozen=True)
class Expect:
    """How an input must end: loaded, duplicate (with its kind) or rejected (with stage and reason)."""

    outcome: str
    stage: str = ""
    reason: str = ""

    def __str__(self) -> str:
        return "/".join(x for x in (self.outcome, self.stage, self.reason) if x)


LOADED = Expect("loaded")


def rejected(stage: str, reason: str) -> Expect:
    return Expect("rejected", stage, reason)


def duplicate(kind: str) -> Expect:
    return Expect("duplicate", "dedup", kind)


# ---------------------------------------------------------------------------------------------- content


def story(seed: int) -> str:
    """A plain-text English news story (title line, then paragraphs); seeds give different stories."""
    return f"Story {seed}: talks continue in the capital\n\n" + "\n\n".join(article_text(seed)) + "\n"


def near_copy(seed: int) -> str:
    """The same story with one sentence rewritten: a near duplicate."""
    paras = article_text(seed)
    paras[1] = "A spokesman for the ministry declined to comment on the matter when reached by phone."
    return f"Story {seed}: talks continue in the capital\n\n" + "\n\n".join(paras) + "\n"


def billion_laughs(levels: int = 9) -> str:
    """The XML "billion laughs" DTD: &lol9; expands to 10**9 "lol"s (3 GB) in a parser that expands it."""
    ents = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)
    ]
    return "<!DOCTYPE lolz [" + "".join(ents) + "]>"


def quadratic_blowup(size: int = 50_000, refs: int = 20_000) -> tuple[str, str]:
    """(DTD, references): one big entity referenced many times (1 GB expanded), which nesting limits miss."""
    return f'<!DOCTYPE q [<!ENTITY a "{"a" * size}">]>', "&a;" * refs


QUAD_DTD, QUAD_REFS = quadratic_blowup()


def nested_html(depth: int = 10_000, inner: str = "", after: str = "") -> str:
    return "<html><body>" + after + "<div>" * depth + inner + "</div>" * depth + "</body></html>"


BOILERPLATE_HTML = (
    "<html><body><nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/sport'>Sport</a></nav>"
    "<aside>Subscribe to our newsletter</aside><footer>Copyright 2025 Test News. All rights reserved."
    "</footer></body></html>"
)
BOILERPLATE_TEXT = (
    "Subscribe to our newsletter\nShare this article\nAdvertisement\nRead more: the best deals\n"
    "All rights reserved.\nBack to top\n"
)
FRENCH = (
    "Reprise des négociations à Genève\n\nLes ministres des affaires étrangères se sont réunis mardi "
    "à Genève pour discuter du contrôle des armements, ont déclaré des responsables. Les négociations "
    "reprendront le mois prochain, selon le ministère, qui n'a pas donné plus de détails sur le calendrier."
)
RUSSIAN = (
    "Переговоры в Женеве\n\nМинистры иностранных дел встретились во вторник в Женеве, чтобы обсудить "
    "контроль над вооружениями, сообщили официальные лица. Переговоры продолжатся в следующем месяце."
)
CHINESE = (
    "日内瓦会谈\n\n外交部长们周二在日内瓦会面，讨论军备控制问题，官员们表示。谈判将于下个月继续进行，"
    "据国务院称。双方同意保持沟通，并将在适当时候公布更多细节。"
)
ARABIC_HTML = (
    '<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>محادثات جنيف</title></head><body><article>'
    "<h1>محادثات جنيف</h1><p>التقى وزراء الخارجية يوم الثلاثاء في جنيف لمناقشة الحد من التسلح، حسبما قال "
    "مسؤولون. وستستمر المحادثات الشهر المقبل، وفقا لوزارة الخارجية التي لم تقدم تفاصيل إضافية.</p>"
    "<p>وقال دبلوماسيون إن الجانبين اتفقا على مواصلة الحوار وتبادل المقترحات المكتوبة قبل الجولة المقبلة.</p>"
    "</article></body></html>"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8
ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 16


def long_text(chars: int = 250_000) -> str:
    """An English text longer than max_text_chars (200,000 by default)."""
    parts: list[str] = ["A very long dispatch"]
    seed = 1000
    while sum(len(p) for p in parts) < chars:
        parts.extend(article_text(seed))
        seed += 1
    return "\n\n".join(parts)


def latin1_page() -> bytes:
    """An English page in ISO-8859-1 without any declared charset (detected)."""
    body = "\n".join(f"<p>{p}</p>" for p in article_text(12))
    html = (
        "<html><head><title>Caf\u00e9 owners protest new rules</title></head><body><article>"
        f"<h1>Caf\u00e9 owners protest new rules</h1><p>The caf\u00e9 owners' association, led by Jos\u00e9 "
        f"Pe\u00f1a, said the r\u00e9gime of fines was unfair.</p>{body}</article></body></html>"
    )
    return html.encode("latin-1")


def late_nul_text() -> str:
    """A long story with a NUL character after the first 8 KiB (past the binary sniffing window)."""
    parts = ["Story 40: a long report\n\n"] + ["\n\n".join(article_text(s)) + "\n\n" for s in range(40, 48)]
    return "".join(parts) + "The end of the report\x00 came late."


# ---------------------------------------------------------------------------------------------- local items

# name → (bytes, expectation). Files in one folder, ingested in name order (so originals come before copies).
LOCAL_FILES: dict[str, tuple[Callable[[], bytes], Expect]] = {
    "a-good-1.txt": (lambda: story(1).encode(), LOADED),
    "a-good-utf16.txt": (lambda: story(2).encode("utf-16"), LOADED),
    "a-good-bom.txt": (lambda: story(3).encode("utf-8-sig"), LOADED),
    "a-good-page.html": (lambda: article_html(10).encode(), LOADED),
    "a-unknown-charset.html": (
        lambda: article_html(11).replace('charset="utf-8"', 'charset="x-klingon"').encode(),
        LOADED,
    ),
    "a-latin1-undeclared.html": (latin1_page, LOADED),
    "a-entity-flood-small.html": (
        lambda: article_html(14, extra="<p>" + "&amp;&lt;&#x41;" * 5_000 + "</p>").encode(),
        LOADED,
    ),
    "a-deep-junk-after-article.html": (
        lambda: article_html(16).replace("</article>", "</article>" + "<div>" * 10_000 + "x").encode(),
        LOADED,
    ),
    "a-late-nul.txt": (lambda: late_nul_text().encode(), LOADED),
    "b-copy-of-good-1.txt": (lambda: story(1).encode(), duplicate("exact_text")),
    "b-near-good-1.txt": (lambda: near_copy(1).encode(), duplicate("near")),
    "c-empty.txt": (lambda: b"", rejected("decode", "empty")),
    "c-blank.html": (lambda: b" \n\t\r\n  ", rejected("decode", "empty")),
    "c-elf.txt": (lambda: ELF, rejected("decode", "binary")),
    "c-png.html": (lambda: PNG, rejected("decode", "binary")),
    "c-invalid-utf8.txt": (
        lambda: story(4).replace("capital", "capitale \u00e9t\u00e9").encode("latin-1"),
        rejected("decode", "invalid_utf8"),
    ),
    "c-bad-utf16.txt": (
        lambda: b"\xff\xfe" + "Talks".encode("utf-16-le") + b"\x00\xd8",
        rejected("decode", "invalid_encoding"),
    ),
    "c-mislabelled.html": (
        lambda: article_html(5).replace("capital", "capitale \u00e9t\u00e9").encode("latin-1"),
        rejected("decode", "charset_mismatch"),
    ),
    "c-huge.txt": (lambda: b"", rejected("discover", "too_large")),  # made sparse, 50 MB, by the fixture
    "d-long.txt": (lambda: long_text().encode(), rejected("clean", "text_too_long")),
    "d-nested-10000.html": (
        lambda: nested_html(inner="".join(f"<p>{p}</p>" for p in article_text(6))).encode(),
        rejected("clean", "too_deeply_nested"),
    ),
    "a-xml-bomb.html": (  # libxml2's HTML parser never expands the DTD: the story loads, &lol9; stays text
        lambda: (
            '<?xml version="1.0"?>'
            + billion_laughs()
            + article_html(7).replace("</article>", "<p>&lol9;</p></article>")
        ).encode(),
        LOADED,
    ),
    "d-entity-flood.html": (  # 900,000 characters of character references: too long to parse
        lambda: article_html(15, extra="<p>" + "&amp;&lt;&#x41;" * 300_000 + "</p>").encode(),
        rejected("clean", "text_too_long"),
    ),
    "d-boilerplate.html": (lambda: BOILERPLATE_HTML.encode(), rejected("clean", "no_article_text")),
    "d-boilerplate.txt": (lambda: BOILERPLATE_TEXT.encode(), rejected("clean", "no_article_text")),
    "d-short.txt": (lambda: b"Brief\n\nTalks resumed on Tuesday.", rejected("clean", "too_short")),
    "e-french.txt": (lambda: FRENCH.encode(), rejected("language", "unsupported_language")),
    "e-russian.txt": (lambda: RUSSIAN.encode(), rejected("language", "unsupported_language")),
    "e-chinese.txt": (lambda: CHINESE.encode(), rejected("language", "unsupported_language")),
    "e-arabic.html": (lambda: ARABIC_HTML.encode(), rejected("language", "unsupported_language")),
}
HUGE_BYTES = 50 * 2**20


def _json(obj: object) -> bytes:
    return json.dumps(obj).encode()


# JSONL lines, in order (line numbers are 1-based; a blank line is not an input).
JSONL_LINES: list[tuple[Callable[[], bytes], Expect | None]] = [
    (lambda: _json({"text": story(20)}), LOADED),
    (lambda: b"{broken", rejected("discover", "malformed_jsonl")),
    (lambda: b"[1, 2]", rejected("discover", "malformed_jsonl")),
    (lambda: _json({"title": "no body"}), rejected("discover", "missing_field")),
    (lambda: _json({"text": 5}), rejected("discover", "missing_field")),
    (lambda: b'{"text": "caf\xe9 talks"}', rejected("decode", "invalid_utf8")),
    (lambda: b"   ", None),
    (lambda: _json({"text": ""}), rejected("decode", "empty")),
    (lambda: _json({"html": BOILERPLATE_HTML}), rejected("clean", "no_article_text")),
    (
        lambda: b'{"text": "Talks \\ud800 resumed in Geneva on Tuesday, officials said today."}',
        rejected("decode", "invalid_unicode"),
    ),
    (lambda: b"[" * 100_000, rejected("discover", "malformed_jsonl")),
    (lambda: _json({"text": story(20), "id": "other-wire-id"}), duplicate("exact_text")),
    (lambda: b'{"text": "x", "n": ' + b"7" * 5000 + b"}", rejected("discover", "malformed_jsonl")),
    (lambda: _json({"text": story(21), "language": "fr"}), rejected("language", "unsupported_language")),
    (lambda: b'{"text": "' + b"a " * (11 * MB) + b'"}', rejected("discover", "too_large")),
    (lambda: _json({"text": story(22), "url": "https://example.com/2025/06/03/story-22"}), LOADED),
]


def write_local_corpus(root: Path) -> dict[str, Expect]:
    """Write the local files and the JSONL file under ``root``; return {input_ref: expectation}."""
    root.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expect] = {}
    for name, (make, expect) in LOCAL_FILES.items():
        path = root / name
        if name == "c-huge.txt":
            with path.open("wb") as fh:
                fh.truncate(HUGE_BYTES)  # sparse: 50 MB on paper, nothing to read
        else:
            path.write_bytes(make())
        expected[str(path)] = expect
    jsonl = root / "f-wire.jsonl"
    with jsonl.open("wb") as fh:
        for lineno, (make, expect) in enumerate(JSONL_LINES, 1):
            fh.write(make() + b"\n")
            if expect is not None:
                expected[f"{jsonl}:{lineno}"] = expect
    dangling = root / "g-dangling.txt"
    dangling.symlink_to(root / "does-not-exist.txt")
    expected[str(dangling)] = rejected("discover", "unreadable")
    (root / "g-notes.pdf").write_bytes(
        b"%PDF-1.4 not an input: an unsupported file inside a folder is skipped"
    )
    return expected


# ---------------------------------------------------------------------------------------------- WARC


def _warc_record(
    writer: WARCWriter, uri: str, body: bytes, status: str = "200 OK", ctype: str = "text/html"
) -> None:
    headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
    writer.write_record(
        writer.create_warc_record(
            uri,
            "response",
            payload=io.BytesIO(body),
            length=len(body),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": "2025-06-03T10:00:00Z"},
        )
    )


def warc_bytes(pages: list[tuple[str, bytes, str, str]], compress: bool = True) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    writer.write_record(writer.create_warcinfo_record("torture.warc", {"software": "newsevents-tests"}))
    for uri, body, status, ctype in pages:
        _warc_record(writer, uri, body, status, ctype)
    return buf.getvalue()


def warc_offsets(path: Path) -> list[int]:
    """Offsets of the response records of a well-formed WARC (how the pipeline names them)."""
    with path.open("rb") as fh:
        it = ArchiveIterator(fh)
        return [it.get_record_offset() for rec in it if rec.rec_type == "response"]


def corrupt_second_member(data: bytes) -> bytes:
    """A .warc.gz whose third gzip member (the second response) has its deflate stream overwritten."""
    starts = [i for i in range(len(data) - 2) if data[i : i + 3] == b"\x1f\x8b\x08"]
    assert len(starts) >= 3, "expected one gzip member per record"
    at = starts[2] + 20
    return data[:at] + b"\xff" * 40 + data[at + 40 :]


def write_warc_corpus(root: Path) -> dict[str, Expect]:
    """WARC files: a good crawl (with records that are not inputs), garbage, and a gzip-corrupted one."""
    root.mkdir(parents=True, exist_ok=True)
    expected: dict[str, Expect] = {}
    good = root / "h-crawl.warc.gz"
    good.write_bytes(
        warc_bytes([
            ("http://news.test/2025/06/03/story-30", article_html(30).encode(), "200 OK", "text/html"),
            ("http://news.test/logo.png", PNG, "200 OK", "image/png"),  # not an input: not HTML
            ("http://news.test/gone", b"<p>gone</p>", "404 Not Found", "text/html"),  # not an input
            ("http://news.test/deep", nested_html(inner="<p>" + " ".join(article_text(31)) + "</p>").encode(),
             "200 OK", "text/html"),
            ("http://news.test/bomb", ('<?xml version="1.0"?>' + billion_laughs() + "<p>&lol9;</p>").encode(),
             "200 OK", "text/html"),
        ])
    )  # fmt: skip
    story_at, deep_at, bomb_at = warc_offsets(good)[0], warc_offsets(good)[3], warc_offsets(good)[4]
    expected[f"{good}#{story_at}"] = LOADED
    expected[f"{good}#{deep_at}"] = rejected("clean", "too_deeply_nested")
    expected[f"{good}#{bomb_at}"] = rejected("clean", "no_article_text")
    garbage = root / "h-garbage.warc"
    garbage.write_bytes(random.Random(8).randbytes(4096))
    expected[str(garbage)] = rejected("discover", "malformed_warc")
    broken = root / "h-gzip-corrupt.warc.gz"
    whole = warc_bytes([
        ("http://news.test/2025/06/03/story-32", article_html(32).encode(), "200 OK", "text/html"),
        ("http://news.test/2025/06/03/story-33", article_html(33).encode(), "200 OK", "text/html"),
    ])  # fmt: skip
    broken.write_bytes(corrupt_second_member(whole))
    first = root / "first.warc.gz"
    first.write_bytes(whole)
    expected[f"{broken}#{warc_offsets(first)[0]}"] = LOADED
    first.unlink()
    expected[str(broken)] = rejected("discover", "malformed_warc")
    return expected


# ---------------------------------------------------------------------------------------------- the web


def _sitemap(urls: list[str]) -> str:
    locs = "".join(f"<url><loc>{u}</loc></url>" for u in urls)
    xmlns = "http://www.sitemaps.org/schemas/sitemap/0.9"
    return f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="{xmlns}">{locs}</urlset>'


DEEP_SITEMAP = "<urlset>" + "<a>" * 10_000 + "</a>" * 10_000 + "</urlset>"


def serve_web_corpus(srv: LocalServer) -> tuple[dict[str, list[str]], dict[str, Expect]]:
    """Routes on the test server; returns the ingest parameters (urls, feeds, sitemaps) and expectations."""

    def page(path: str, body: str | bytes, ctype: str = "text/html; charset=utf-8") -> str:
        return srv.route(path, Reply(200, body, ctype))

    expected: dict[str, Expect] = {}
    xml = "application/rss+xml"
    # pages
    good = {i: page(f"/2025/06/03/web-story-{i}", article_html(50 + i)) for i in range(1, 8)}
    dup_good_1 = page("/mirror/web-story-1", article_html(51))
    rewritten = "A spokesman declined to comment on the matter when reached by phone."
    near_good_2 = page("/syndicated/web-story-2", article_html(52).replace(article_text(52)[1], rewritten))
    boiler = page("/about", BOILERPLATE_HTML)
    flood = page("/flood", article_html(60, extra="<p>" + "&amp;" * 500_000 + "</p>"))
    deep = page("/deep", nested_html(inner="<p>" + " ".join(article_text(61)) + "</p>"))
    bomb = page(
        "/bomb", '<?xml version="1.0"?>' + billion_laughs() + "<html><body><p>&lol9;</p></body></html>"
    )
    arabic = page("/arabic", ARABIC_HTML)
    png = page("/logo.png", PNG, "image/png")
    missing = srv.url("/missing")
    ce_corrupt = srv.route(
        "/ce-corrupt", Reply(200, b"not gzip data at all", "text/html", headers={"Content-Encoding": "gzip"})
    )
    ce_bomb = srv.route("/ce-bomb", Reply(200, b"<p>" + b" " * (40 * MB) + b"</p>", "text/html", gzip=True))
    expected.update({good[i]: LOADED for i in range(1, 8)})
    expected.update({
        dup_good_1: duplicate("exact_text"), near_good_2: duplicate("near"),
        boiler: rejected("clean", "no_article_text"), flood: rejected("clean", "text_too_long"),
        deep: rejected("clean", "too_deeply_nested"),
        bomb: rejected("clean", "no_article_text"), arabic: rejected("language", "unsupported_language"),
        png: rejected("fetch", "unsupported_content_type"), missing: rejected("fetch", "http_404"),
        ce_corrupt: rejected("fetch", "decoding_error"), ce_bomb: rejected("fetch", "too_large"),
    })  # fmt: skip

    # feeds
    def items(*urls: str) -> list[tuple[str, str, str | None]]:
        return [(u, f"Item {n}", None) for n, u in enumerate(urls)]

    lol_rss = (
        rss(items(good[3])).replace("<rss", billion_laughs() + "<rss", 1).replace("Item 0", "Item &lol9;")
    )
    cut = rss(items(good[4], deep))
    cut = cut[: cut.index("</item>") + len("</item><item><ti")]  # the second item is cut short
    feeds = {
        srv.route("/feeds/ok.xml", Reply(200, rss(items(good[1], good[2], boiler)), xml)): None,
        srv.route("/feeds/bomb.xml", Reply(200, lol_rss, xml)): rejected("discover", "malformed_feed"),  # +1
        srv.route("/feeds/truncated.xml", Reply(200, cut, xml)): rejected("discover", "malformed_feed"),
        srv.route("/feeds/cut-early.xml", Reply(200, cut[:70], xml)): rejected("discover", "malformed_feed"),
        srv.route("/feeds/corrupt.xml", Reply(200, gzip.compress(cut.encode())[:60], xml)):
            rejected("discover", "malformed_feed"),
        srv.route("/feeds/badref.xml", Reply(200, rss(items(flood)).replace("Item 0", "Item &#xD800;"), xml)):
            rejected("discover", "malformed_feed"),
        srv.route("/feeds/ce-corrupt.xml", Reply(200, b"\x1f\x8b\x08\x00broken", xml,
                                                 headers={"Content-Encoding": "gzip"})):
            rejected("discover", "malformed_feed"),  # a gzip stream cut short decodes to nothing
        srv.route("/feeds/not-a-feed.xml", Reply(200, "<html><body><p>Not a feed</p></body></html>")):
            rejected("fetch", "unsupported_content_type"),
    }  # fmt: skip
    expected.update({url: expect for url, expect in feeds.items() if expect is not None})
    # sitemaps
    sm, gz = "application/xml", "application/gzip"
    whole = _sitemap([arabic, missing])
    child = srv.route(
        "/sitemaps/child.xml", Reply(200, _sitemap([good[7], near_good_2, deep, arabic, flood]), sm)
    )
    child_missing = srv.url("/sitemaps/child-missing.xml")
    index = (
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{child}</loc></sitemap><sitemap><loc>{child_missing}</loc></sitemap></sitemapindex>"
    )
    sitemaps = {
        srv.route("/sitemaps/ok.xml", Reply(200, _sitemap([good[5], good[6], dup_good_1, png]), sm)): None,
        srv.route("/sitemaps/bomb.xml", Reply(200, _sitemap([boiler + "&lol9;"]).replace(
            "<urlset", billion_laughs() + "<urlset", 1), sm)): rejected("discover", "malformed_sitemap"),
        srv.route("/sitemaps/quadratic.xml", Reply(200, _sitemap([boiler + QUAD_REFS]).replace(
            "<urlset", QUAD_DTD + "<urlset", 1), sm)): rejected("discover", "malformed_sitemap"),
        srv.route("/sitemaps/truncated.xml", Reply(200, whole[: len(whole) - 30], sm)):
            rejected("discover", "malformed_sitemap"),
        srv.route("/sitemaps/corrupt.xml.gz", Reply(200, gzip.compress(whole.encode())[:50], gz)):
            rejected("discover", "malformed_sitemap"),
        srv.route("/sitemaps/bomb.xml.gz", Reply(200, gzip.compress(b"<urlset>" + b" " * (60 * MB)), gz)):
            rejected("discover", "too_large"),
        srv.route("/sitemaps/deep.xml", Reply(200, DEEP_SITEMAP, sm)):
            rejected("discover", "malformed_sitemap"),
        srv.route("/sitemaps/index.xml", Reply(200, index, sm)): None,
        srv.route("/sitemaps/bad.xml", Reply(200, _sitemap([bomb, ce_corrupt, ce_bomb, missing]), sm)): None,
    }  # fmt: skip
    expected.update({url: expect for url, expect in sitemaps.items() if expect is not None})
    expected[child_missing] = rejected("fetch", "http_404")
    params = {"urls": [], "feeds": list(feeds), "sitemaps": list(sitemaps)}
    return params, expected


# ---------------------------------------------------------------------------------------------- unit: files


@pytest.fixture(scope="module")
def local_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Expect]]:
    root = tmp_path_factory.mktemp("torture")
    expected = write_local_corpus(root / "files")
    expected.update(write_warc_corpus(root / "warc"))
    return root, expected


def _before_extraction(expect: Expect) -> str:
    """What discovery and cleaning alone decide: loaded items and duplicates leave cleaning as articles."""
    return "article" if expect.outcome in ("loaded", "duplicate") else str(expect)


def test_torture_every_local_item_ends_with_its_reason(local_corpus: tuple[Path, dict[str, Expect]]) -> None:
    """Discovery and cleaning (in this main thread, so the time budget is armed) on every file item."""
    root, expected = local_corpus
    got: dict[str, str] = {}
    docs: list[RawDocument] = []
    for item in discover([root]):
        if isinstance(item, Reject):
            got[item.input_ref] = str(rejected(item.stage, item.reason))
        else:
            docs.append(item)
    articles, rejects = clean_batch(docs, CleanOptions())
    got.update({a.input_ref: "article" for a in articles})
    for r in rejects:
        assert r.input_ref not in got, f"{r.input_ref} ended twice"
        got[r.input_ref] = str(rejected(r.stage, r.reason))
    assert got == {ref: _before_extraction(e) for ref, e in expected.items()}
    assert len(docs) + len(got) - len(articles) - len(rejects) == len(expected)  # each input seen once


def test_torture_entity_flood_and_xml_bomb_pages_are_not_expanded(
    local_corpus: tuple[Path, dict[str, Expect]],
) -> None:
    root, _ = local_corpus
    docs = list(discover([root / "files" / "a-entity-flood-small.html", root / "files" / "a-xml-bomb.html"]))
    (flood, bomb), rejects = clean_batch(docs, CleanOptions())  # type: ignore[arg-type]
    assert rejects == []
    assert len(flood.text) < 30_000 and "&<A&<A" in flood.text  # 15,000 references, each one character
    assert "&lol9;" in bomb.text and "lollol" not in bomb.text and len(bomb.text) < 5_000


def test_torture_50mb_file_is_rejected_by_the_size_cap_without_being_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.html"
    with huge.open("wb") as fh:
        fh.truncate(HUGE_BYTES)
    tracemalloc.start()
    try:
        items = list(discover([huge]))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(i.stage, i.reason) for i in items if isinstance(i, Reject)] == [("discover", "too_large")]
    assert peak < 1 * MB, f"{peak} bytes allocated to reject a 50 MB file"


@pytest.mark.parametrize(("cap", "peak_below"), [(1 * MB, 6 * MB), (4 * MB, 12 * MB)])
def test_torture_50mb_jsonl_line_is_skipped_without_being_held(
    tmp_path: Path, cap: int, peak_below: int
) -> None:
    path = tmp_path / "big.jsonl"
    with path.open("wb") as fh:
        fh.write(b'{"text": "')
        for _ in range(50):
            fh.write(b"a " * (MB // 2))
        fh.write(b'"}\n' + _json({"text": story(1)}) + b"\n")
    tracemalloc.start()
    try:
        items = list(read_jsonl(path, max_bytes=cap))
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [type(i).__name__ for i in items] == ["Reject", "RawDocument"]
    assert (
        isinstance(items[0], Reject)
        and items[0].reason == "too_large"
        and "50000013 bytes" in items[0].detail
    )
    assert peak < peak_below, f"{peak} bytes allocated while skipping a 50 MB line"


# ---------------------------------------------------------------------------------------------- unit: time


def _endless() -> None:
    while True:
        pass


def test_torture_time_budget_interrupts_an_endless_loop() -> None:
    with pytest.raises(RejectError) as err:
        within(0.2, "clean", _endless)
    assert (err.value.stage, err.value.reason) == ("clean", "timeout")


def test_torture_time_budget_turns_a_slow_page_into_a_timeout_reject() -> None:
    """A 4 MB page takes trafilatura seconds; with a 50 ms budget it is rejected, and the batch goes on."""
    para = "<p>The council met on Tuesday to discuss the new budget for the harbour, officials said.</p>"
    slow = RawDocument(
        "slow.html", "file", "html", ("<html><body><article>" + para * 40_000 + "</article>").encode()
    )
    fine = RawDocument("fine.txt", "file", "text", story(3).encode())
    detect_language("warm the language model up: its one-time load is not a document's cost")
    articles, rejects = clean_batch([slow, fine], CleanOptions(doc_timeout=0.05))
    assert [(r.input_ref, r.stage, r.reason) for r in rejects] == [("slow.html", "clean", "timeout")]
    assert [a.input_ref for a in articles] == ["fine.txt"]


def test_torture_time_budget_holds_off_the_main_thread() -> None:
    """In a worker thread (a Prefect task run, a Dask worker's thread) the budget still interrupts; a call
    that ends in time leaves nothing behind that could go off later."""
    seen: dict[str, object] = {}

    def work() -> None:
        seen["enforceable"] = enforceable()
        try:
            within(0.2, "clean", _endless)
        except RejectError as err:
            seen["reject"] = (err.stage, err.reason)
        seen["value"] = within(0.05, "clean", sum, range(1000))
        deadline = time.monotonic() + 0.3  # past the 0.05 s budget of the call that ended in time
        while time.monotonic() < deadline:
            pass
        seen["finished"] = True

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=30)
    assert seen == {"enforceable": True, "reject": ("clean", "timeout"), "value": 499500, "finished": True}


def test_torture_time_budget_leaves_an_outer_alarm_in_place() -> None:
    calls: list[int] = []
    previous = signal.signal(signal.SIGALRM, lambda signum, frame: calls.append(signum))
    prev_delay, prev_interval = signal.setitimer(signal.ITIMER_REAL, 30.0)

    def remaining() -> float:
        return signal.getitimer(signal.ITIMER_REAL)[0]

    try:
        # due before the outer alarm: armed (the timer shows our budget), then the outer one is re-armed
        assert within(1.0, "clean", remaining) <= 1.0
        assert 25.0 < remaining() <= 30.0
        # the outer alarm is due first: it stays in charge, untouched
        assert 25.0 < within(60.0, "clean", remaining) <= 30.0
        assert signal.getsignal(signal.SIGALRM) is not previous and calls == []
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if prev_delay:
            signal.setitimer(signal.ITIMER_REAL, prev_delay, prev_interval)


# ---------------------------------------------------------------------------------------------- unit: feeds


FEED_URL = "http://feeds.test/rss.xml"
GOOD_RSS = rss([("http://news.test/a", "A", None), ("http://news.test/b", "B", None)])
XXE = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'


def _feed_case(data: bytes) -> tuple[str, ...]:
    errors: list[str] = []
    try:
        _title, entries = parse_feed(data, FEED_URL, None, errors)
    except RejectError as err:
        return ("reject", err.stage, err.reason)
    titles = " ".join(e.title or "" for e in entries)
    assert "lollol" not in titles and "root:" not in titles and len(titles) < 100_000, (
        "an entity was expanded"
    )
    return ("entries", str(len(entries))) + (("+malformed_feed",) if errors else ())


@pytest.mark.parametrize(
    ("data", "outcome"),
    [
        (GOOD_RSS.encode(), ("entries", "2")),
        (GOOD_RSS.replace("<rss", billion_laughs() + "<rss", 1).replace(">A<", ">&lol9;<").encode(),
         ("entries", "2", "+malformed_feed")),  # expat refuses the amplification; the lenient parser reads on
        (GOOD_RSS.replace("<rss", QUAD_DTD + "<rss", 1).replace(">A<", f">{QUAD_REFS}<").encode(),
         ("entries", "2", "+malformed_feed")),
        (GOOD_RSS.replace("<rss", XXE + "<rss", 1).replace(">A<", ">&x;<").encode(), ("entries", "2")),
        (GOOD_RSS[: GOOD_RSS.index("</item>") + 20].encode(), ("entries", "1", "+malformed_feed")),
        (GOOD_RSS[:60].encode(), ("reject", "discover", "malformed_feed")),
        (gzip.compress(GOOD_RSS.encode())[:40], ("reject", "discover", "malformed_feed")),
        (b"", ("reject", "discover", "malformed_feed")),
        (b"\x00\x01\x02 not xml", ("reject", "discover", "malformed_feed")),
        (b"<html><body><p>a web page</p></body></html>", ("reject", "discover", "malformed_feed")),
        (GOOD_RSS.replace(">A<", ">&#xD800;<").encode(), ("reject", "discover", "malformed_feed")),
        (GOOD_RSS.replace(">A<", ">&#x110000;<").encode(), ("reject", "discover", "malformed_feed")),
        (GOOD_RSS.replace(">A<", ">&#99999999999;<").encode(), ("reject", "discover", "malformed_feed")),
        (("<rss><channel>" + "<item>" * 10_000).encode(), ("reject", "discover", "malformed_feed")),
    ],
    ids=[
        "good", "billion-laughs", "quadratic-blowup", "xxe", "truncated-after-one-item", "truncated-early",
        "gzip-corrupt", "empty", "binary", "html-page", "surrogate-charref", "out-of-range-charref",
        "huge-charref", "nested-10000",
    ],
)  # fmt: skip
def test_torture_feed(data: bytes, outcome: tuple[str, ...]) -> None:
    assert _feed_case(data) == outcome


# ---------------------------------------------------------------------------------------------- unit: sitemap

GOOD_SITEMAP = _sitemap(["http://news.test/a", "http://news.test/b"])


def _sitemap_case(data: bytes) -> tuple[str, ...]:
    try:
        kind, entries = parse_sitemap(data, 10 * MB)
    except RejectError as err:
        return ("reject", err.stage, err.reason)
    assert all(len(e.url) < 200 and "root:" not in e.url for e in entries), "an entity was expanded"
    return (kind, str(len(entries)))


@pytest.mark.parametrize(
    ("data", "outcome"),
    [
        (GOOD_SITEMAP.encode(), ("urlset", "2")),
        (gzip.compress(GOOD_SITEMAP.encode()), ("urlset", "2")),
        (GOOD_SITEMAP.replace("<urlset", billion_laughs() + "<urlset").replace("/a<", "/a&lol9;<").encode(),
         ("reject", "discover", "malformed_sitemap")),
        (GOOD_SITEMAP.replace("<urlset", QUAD_DTD + "<urlset").replace("/a<", f"/a{QUAD_REFS}<").encode(),
         ("reject", "discover", "malformed_sitemap")),
        (GOOD_SITEMAP.replace("<urlset", XXE + "<urlset").replace("/a<", "/a&x;<").encode(), ("urlset", "2")),
        (GOOD_SITEMAP[:-30].encode(), ("reject", "discover", "malformed_sitemap")),
        (gzip.compress(GOOD_SITEMAP.encode())[:50], ("reject", "discover", "malformed_sitemap")),
        (gzip.compress(b"<urlset>" + b" " * (60 * MB)), ("reject", "discover", "too_large")),
        (DEEP_SITEMAP.encode(), ("reject", "discover", "malformed_sitemap")),
        (b"", ("reject", "discover", "malformed_sitemap")),
        (b"<html><body>not a sitemap</body></html>", ("reject", "discover", "malformed_sitemap")),
        (GOOD_SITEMAP.replace("/a<", "/a&#xD800;<").encode(), ("reject", "discover", "malformed_sitemap")),
        (b"http://news.test/a\nnot a url\nhttps://news.test/b\n", ("urlset", "2")),
    ],
    ids=[
        "good", "gzipped", "billion-laughs", "quadratic-blowup", "xxe", "truncated", "gzip-corrupt",
        "gzip-bomb", "nested-10000", "empty", "html-page", "surrogate-charref", "plain-text",
    ],
)  # fmt: skip
def test_torture_sitemap(data: bytes, outcome: tuple[str, ...]) -> None:
    assert _sitemap_case(data) == outcome


# ---------------------------------------------------------------------------------------------- unit: WARC

WARC_PAGES = [
    (f"http://news.test/2025/06/03/story-{i}", article_html(70 + i).encode(), "200 OK", "text/html")
    for i in range(3)
]


def _warc_case(path: Path) -> list[str]:
    out = []
    for item in read_warc(path):
        if isinstance(item, Reject):
            where = "file" if item.input_ref == str(path) else "record"
            out.append(f"{where}:{item.stage}/{item.reason}")
        else:
            out.append("doc")
    return out


@pytest.mark.parametrize(
    ("make", "outcome"),
    [
        (lambda: warc_bytes(WARC_PAGES), ["doc", "doc", "doc"]),
        (lambda: warc_bytes(WARC_PAGES, compress=False), ["doc", "doc", "doc"]),
        (lambda: b"", ["file:discover/empty"]),
        (lambda: random.Random(3).randbytes(5000), ["file:discover/malformed_warc"]),
        (lambda: b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 99999999\r\n\r\nshort",
         ["file:discover/malformed_warc"]),
        (lambda: gzip.compress(b"not a warc record at all\r\n\r\n"), ["file:discover/no_html_records"]),
        (lambda: corrupt_second_member(warc_bytes(WARC_PAGES)), ["doc", "file:discover/malformed_warc"]),
    ],
    ids=["good-gz", "good-plain", "empty", "garbage", "bad-length", "gzip-not-warc", "gzip-corrupt"],
)  # fmt: skip
def test_torture_warc(tmp_path: Path, make: Callable[[], bytes], outcome: list[str]) -> None:
    path = tmp_path / "t.warc.gz"
    path.write_bytes(make())
    assert _warc_case(path) == outcome


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_torture_truncated_warc_keeps_records_before_the_cut(tmp_path: Path, compress: bool) -> None:
    whole = warc_bytes(WARC_PAGES, compress=compress)
    path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    path.write_bytes(whole[: len(whole) - 600])
    got = _warc_case(path)
    assert got[:2] == ["doc", "doc"]
    assert len(got) == 3 and got[2].endswith("discover/malformed_warc")  # named by the file or by the record


# ---------------------------------------------------------------------------------------------- the whole run

RUNNER = """
import json, resource, sys
from flows.ingest import ingest
from tasks.runs import AccountingError
args = json.loads(sys.argv[1])
try:
    out = {"summary": ingest.fn(**args)}
except AccountingError as exc:
    out = {"error": str(exc)}
out["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print("RESULT " + json.dumps(out, default=str))
"""
PEAK_RSS_MB = 1200  # measured ~600 MB (model, trafilatura, DuckDB); 50 MB inputs and bombs must not add up


def outcomes(db: Path) -> dict[str, list[str]]:
    """How every input ended, from the database: loaded (articles), duplicate (duplicates), rejected."""
    conn = duckdb.connect(str(db), read_only=True)
    try:
        out: dict[str, list[str]] = defaultdict(list)
        for (ref,) in conn.execute("SELECT input_ref FROM articles").fetchall():
            out[ref].append(str(LOADED))
        for ref, kind in conn.execute("SELECT input_ref, kind FROM duplicates").fetchall():
            out[ref].append(str(duplicate(kind)))
        for ref, stage, reason in conn.execute("SELECT input_ref, stage, reason FROM rejects").fetchall():
            out[ref].append(str(rejected(stage, reason)))
        return dict(out)
    finally:
        conn.close()


@pytest.mark.integration
@pytest.mark.model
@pytest.mark.timeout(900)
def test_torture_whole_run_accounts_for_every_input(tmp_path: Path, http_server: LocalServer) -> None:
    """One ingest over files, JSONL, WARC, pages, feeds and sitemaps: each input ends exactly as expected."""
    expected = write_local_corpus(tmp_path / "in" / "files")
    expected.update(write_warc_corpus(tmp_path / "in" / "warc"))
    web, web_expected = serve_web_corpus(http_server)
    expected.update(web_expected)
    db = tmp_path / "torture.duckdb"
    missing, pdf = tmp_path / "no-such-file.txt", tmp_path / "in" / "files" / "g-notes.pdf"
    expected[str(missing)] = rejected("discover", "not_found")
    expected[str(pdf)] = rejected("discover", "unsupported_type")  # named explicitly, it is an input
    args = {
        "paths": [str(tmp_path / "in"), str(missing), str(pdf)], "db": str(db), "options": {"batch_size": 8},
        **web,
        "fetch": {"allow_private_hosts": True, "retries": 0, "per_host_rate": 0, "per_host_concurrency": 4,
                  "connect_timeout": 5, "read_timeout": 20, "total_timeout": 60},
    }  # fmt: skip
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "ERROR"}
    proc = subprocess.run(
        [sys.executable, "-c", RUNNER, json.dumps(args)], cwd=REPO, env=env, capture_output=True, text=True,
        timeout=840,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.split("RESULT ", 1)[1])
    assert "error" not in result, result
    summary = result["summary"]

    got = outcomes(db)
    assert got == {ref: [str(e)] for ref, e in expected.items()}
    assert summary["inputs"] == len(expected)
    assert summary["accounting_ok"] and summary["unchanged"] == 0
    by_outcome = {
        o: sum(1 for e in expected.values() if e.outcome == o) for o in ("loaded", "duplicate", "rejected")
    }
    assert (summary["loaded"], summary["duplicates"], summary["rejected"]) == (
        by_outcome["loaded"],
        by_outcome["duplicate"],
        by_outcome["rejected"],
    )
    conn = duckdb.connect(str(db), read_only=True)
    try:
        assert run_checks(conn) == {}
        assert conn.execute("SELECT status, accounting_ok FROM runs").fetchall() == [("completed", True)]
        assert conn.execute("SELECT max(length(text)) FROM articles").fetchone()[0] <= 200_000
    finally:
        conn.close()
    assert result["maxrss_mb"] < PEAK_RSS_MB, f"peak RSS {result['maxrss_mb']:.0f} MB"
    print(
        f"torture run: {len(expected)} inputs ({by_outcome}), peak RSS {result['maxrss_mb']:.0f} MB, "
        f"{summary['elapsed_s']:.1f} s"
    )
