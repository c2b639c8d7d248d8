"""Property tests and fuzzing (Hypothesis): whatever the input, the stages return data, never an exception.

- ``clean_batch``: arbitrary bytes, text (lone surrogates included) and tag soup become articles or rejects
  with a known reason, never ``internal_error``; an article's id is the hash of its text and the text fits
  the caps;
- ``extract_articles`` (model): arbitrary news-like text, and whatever ``clean_batch`` makes of arbitrary
  HTML, parse without an exception, and every offset slices back to the stored text: sentences, entities,
  events and their triggers, event mentions, quotes and their speakers;
- the source parsers (JSONL lines, feeds, sitemaps, WARC files) on mutated good inputs: a document or a
  reject, never an exception.

Date-resolution properties live in tests/test_nlp_dates.py. Example counts are modest so CI stays fast;
``--hypothesis-show-statistics`` prints how many ran.
"""

from __future__ import annotations

import gzip
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from httpserver import article_html, rss
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tasks.clean import CleanOptions, clean_batch
from tasks.records import CleanArticle, RawDocument, Reject, RejectError, sha256_hex
from tasks.sources.feeds import parse_feed
from tasks.sources.local import parse_jsonl_line
from tasks.sources.sitemaps import parse_sitemap
from tasks.sources.warc import read_warc

FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODEL = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Every reason the clean stage may give; internal_error (a bug caught by the safety net) is not among them.
CLEAN_REASONS = {
    ("decode", "empty"), ("decode", "binary"), ("decode", "invalid_utf8"), ("decode", "invalid_encoding"),
    ("decode", "charset_mismatch"), ("decode", "invalid_unicode"), ("decode", "too_large"),
    ("clean", "no_article_text"), ("clean", "too_short"), ("clean", "html_parse_error"),
    ("clean", "text_too_long"), ("clean", "too_deeply_nested"), ("clean", "timeout"),
    ("language", "unsupported_language"),
}  # fmt: skip

# ---------------------------------------------------------------------------------------------- strategies

NEWS_WORDS = [
    "Russia", "the United States", "Putin", "Biden", "China", "NATO", "the European Union", "Ukraine",
    "President", "police", "protesters", "rebels", "the army", "said", "met", "accused", "attacked", "signed",
    "will", "not", "refused", "to", "sign", "a deal", "told", "reporters", "on Tuesday", "last week",
    "next month", "in Geneva", "in Kyiv", "Moscow", "Washington", "condemned", "praised", "threatened",
    "\u201c", "\u201d", '"', "'", "(", ")", ".", ",", ";", ":", "\u2014", "...", "\n", "\n\n", "  ", "\t",
    "2024", "March 3", "Friday", "$5 billion", "U.S.", "Mr.", "Dr.", "e.g.", "\u00e9t\u00e9", "\u65e5\u672c",
    "\U0001f600", "\u200b", "\x00", "\r\n", "&amp;", "<b>", "said:", "\u2019s",
]  # fmt: skip
words = st.sampled_from(NEWS_WORDS) | st.text(max_size=12)
ACTORS = [
    "Russia",
    "President Biden",
    "China",
    "NATO",
    "Ukrainian troops",
    "The European Union",
    "Police",
    "He",
]
VERBS = ["accused", "met", "attacked", "praised", "will not sign a deal with", "threatened", "denied meeting"]
clause = st.builds(
    lambda a, v, b, w: f"{a} {v} {b} {w}.",
    st.sampled_from(ACTORS), st.sampled_from(VERBS), st.sampled_from(ACTORS), st.sampled_from(NEWS_WORDS),
)  # fmt: skip
quote = st.builds(
    lambda q, a: f"\u201c{q},\u201d {a} said." if len(q.split()) > 2 else f'{a} said: "{q} {q}."',
    st.lists(words, min_size=2, max_size=12).map(" ".join), st.sampled_from(ACTORS),
)  # fmt: skip
news_text = st.lists(words | clause | quote, min_size=1, max_size=80).map(" ".join)
any_text = st.text(st.characters(blacklist_categories=()), max_size=400)  # surrogates and controls too

TAGS = [
    "<p>", "</p>", "<div>", "</div>", "<article>", "</article>", "<h1>", "</h1>", "<script>", "</script>",
    "<style>", "<nav>", "</nav>", "<br>", "<table><tr><td>", "<!--", "-->", "<![CDATA[", "]]>",
    "<?xml version='1.0'?>",
    "<!DOCTYPE html>", "<!DOCTYPE x [<!ENTITY a 'aaaa'>]>", "&a;", "&amp;", "&#xD800;", "&#0;", "&#x110000;",
    '<meta charset="utf-8">', '<meta charset="x-bogus">', '<meta http-equiv="refresh" content="0;url=x">',
    "<html>", "</html>", "<body>", "<title>", "</title>", "<", ">", "</", "\x00", "<svg><foreignObject>",
]  # fmt: skip
html_soup = st.lists(st.sampled_from(TAGS) | words, min_size=1, max_size=150).map("".join)
news_page = st.builds(
    lambda title, paras, soup: f"<html><head><title>{title}</title></head><body>{soup}<article>"
    + f"<h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in paras) + f"</article>{soup}</body></html>",
    news_text, st.lists(news_text, min_size=1, max_size=6), html_soup,
)  # fmt: skip


def raw_docs() -> st.SearchStrategy[RawDocument]:
    data = st.one_of(
        st.binary(max_size=600),
        html_soup.map(lambda s: s.encode("utf-8", "surrogatepass")),
        news_text.map(str.encode),
        any_text,  # a str, as a JSONL field gives it
        html_soup,
    )
    return st.builds(
        lambda d, kind, n: RawDocument(f"doc-{n}", "file", kind, d),
        data, st.sampled_from(["html", "text"]), st.integers(0, 10**6),
    )  # fmt: skip


def articles_from(texts: list[str], dates: list[datetime | None], starts: list[int]) -> list[CleanArticle]:
    out = []
    for i, (text, published, start) in enumerate(zip(texts, dates, starts, strict=False)):
        out.append(
            CleanArticle(
                article_id=sha256_hex(text), input_ref=f"a-{i}", input_key=f"a-{i}", raw_hash=f"r{i}",
                origin="file", url=None, source=None, title=None, author=None, published_at=published,
                published_at_origin="metadata" if published else "unknown", language="en", text=text,
                body_start=min(start, len(text)), word_count=len(text.split()),
            )
        )  # fmt: skip
    return out


# ---------------------------------------------------------------------------------------------- clean


def check_clean(docs: list[RawDocument], options: CleanOptions) -> None:
    articles, rejects = clean_batch(docs, options)
    assert len(articles) + len(rejects) == len(docs)
    assert {a.input_ref for a in articles} | {r.input_ref for r in rejects} == {d.input_ref for d in docs}
    for r in rejects:
        assert (r.stage, r.reason) in CLEAN_REASONS, (r, [d.data for d in docs if d.input_ref == r.input_ref])
    for a in articles:
        assert a.text and a.article_id == sha256_hex(a.text)
        a.text.encode("utf-8")  # storable: no lone surrogate
        assert len(a.text) <= options.max_text_chars + 2 + len(a.title or "")
        assert 0 <= a.body_start <= len(a.text)
        assert a.title is None or a.text.startswith(a.title)


@FAST
@given(st.lists(raw_docs(), min_size=1, max_size=4, unique_by=lambda d: d.input_ref))
def test_properties_clean_batch_never_raises(docs: list[RawDocument]) -> None:
    check_clean(docs, CleanOptions(min_words=3, languages=()))


@FAST
@given(st.lists(raw_docs(), min_size=1, max_size=3, unique_by=lambda d: d.input_ref))
def test_properties_clean_batch_with_default_options(docs: list[RawDocument]) -> None:
    check_clean(docs, CleanOptions())


# ---------------------------------------------------------------------------------------------- extract


def check_offsets(
    articles: list[CleanArticle], kept: list[CleanArticle], rows: dict[str, list[dict[str, Any]]]
) -> None:
    """Every row's offsets slice back to its article's text."""
    text = {a.article_id: a.text for a in articles}
    assert {a.article_id for a in kept} <= set(text)
    for s in rows["sentences"]:
        t = text[s["article_id"]]
        assert (
            0 <= s["start_char"] < s["end_char"] <= len(t) and t[s["start_char"] : s["end_char"]] == s["text"]
        )
    for e in rows["entities"]:
        t = text[e["article_id"]]
        assert (
            0 <= e["start_char"] < e["end_char"] <= len(t) and t[e["start_char"] : e["end_char"]] == e["text"]
        )
    for table in ("events", "event_mentions"):
        for ev in rows[table]:
            t = text[ev["article_id"]]
            assert (
                0 <= ev["start_char"] <= ev["trigger_start"] < ev["trigger_end"] <= ev["end_char"] <= len(t)
            )
            if table == "events":
                sentence = t[ev["start_char"] : ev["end_char"]]
                assert t[ev["trigger_start"] : ev["trigger_end"]] in ev["trigger_text"]
                assert ev["trigger_text"] in sentence
    event_ids = {ev["event_id"] for ev in rows["events"]}
    assert {m["event_id"] for m in rows["event_mentions"]} == event_ids
    for q in rows["quotes"]:
        t = text[q["article_id"]]
        assert (
            0 <= q["start_char"] < q["end_char"] <= len(t) and t[q["start_char"] : q["end_char"]] == q["text"]
        )
        if q["speaker_start"] is not None:
            assert t[q["speaker_start"] : q["speaker_end"]] == q["speaker"]


def _extract(articles: list[CleanArticle]) -> None:
    from tasks.extract import ExtractOptions, extract_articles

    kept, rows, rejects = extract_articles(articles, ExtractOptions(keep_unresolved_source=True))
    assert len(kept) + len(rejects) == len(articles)
    assert rejects == [], rejects  # a reject here is a bug caught by the safety net
    check_offsets(articles, kept, rows)
    for table in ("entities", "events", "quotes"):  # shown by --hypothesis-show-statistics
        event(f"{table}: {'some' if rows[table] else 'none'}")


@pytest.mark.model
@MODEL
@given(
    st.lists(news_text.filter(str.strip), min_size=1, max_size=3),
    st.lists(st.none() | st.datetimes(datetime(1990, 1, 1), datetime(2035, 12, 31)), min_size=3, max_size=3),
    st.lists(st.integers(0, 200), min_size=3, max_size=3),
)
def test_properties_extract_offsets_slice_back(
    texts: list[str], dates: list[datetime | None], starts: list[int]
) -> None:
    _extract(articles_from(texts, dates, starts))


@pytest.mark.model
@MODEL
@given(st.lists(html_soup | news_text | news_page, min_size=1, max_size=3))
def test_properties_clean_then_extract(pages: list[str]) -> None:
    docs = [
        RawDocument(f"p-{i}", "file", "html", p.encode("utf-8", "surrogatepass")) for i, p in enumerate(pages)
    ]
    articles, _rejects = clean_batch(docs, CleanOptions(min_words=1, languages=()))
    if articles:
        _extract(articles)


# ---------------------------------------------------------------------------------------------- fuzzing

TOKENS = [
    b"<", b">", b"&", b"&#xD800;", b"&#99999999999;", b"]]>", b"<!DOCTYPE x [<!ENTITY a 'b'>]>", b"&a;",
    b"\x00", b"\xff", b"\x1f\x8b", b"\r\n", b"WARC/1.0\r\n", b"Content-Length: 9\r\n", b"<url>", b"<loc>",
]  # fmt: skip


def mutated(base: bytes) -> st.SearchStrategy[bytes]:
    """``base`` with up to 6 edits: cuts, overwrites and insertions of random or hostile bytes."""
    edit = st.tuples(
        st.integers(0, len(base)), st.integers(0, 40), st.binary(max_size=8) | st.sampled_from(TOKENS)
    )

    def apply(edits: list[tuple[int, int, bytes]]) -> bytes:
        data = base
        for pos, cut, insert in edits:
            pos = min(pos, len(data))
            data = data[:pos] + insert + data[pos + cut :]
        return data

    return st.lists(edit, max_size=6).map(apply) | st.integers(0, len(base)).map(lambda n: base[:n])


GOOD_FEED = rss(
    [("http://news.test/a", "A", "Tue, 03 Jun 2025 10:00:00 GMT"), ("http://news.test/b", "B", None)]
)
GOOD_SITEMAP = (
    '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://news.test/a'
    "</loc></url><url><loc>http://news.test/b</loc></url></urlset>"
)


def _warc(compress: bool) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    for i in range(2):
        body = article_html(i).encode()
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"http://news.test/{i}",
                "response",
                payload=io.BytesIO(body),
                length=len(body),
                http_headers=headers,
            )
        )
    return buf.getvalue()


@FUZZ
@given(
    mutated(
        b'{"text": "Talks resumed in Geneva on Tuesday.", "title": "Talks", "id": 7, "url": "http://x.test/a"}'
    )
)
def test_properties_jsonl_line_never_raises(line: bytes) -> None:
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return  # read_jsonl rejects these before parsing (decode/invalid_utf8)
    item = parse_jsonl_line(text, "f.jsonl:1")
    assert isinstance(item, RawDocument | Reject)
    if isinstance(item, RawDocument):
        assert isinstance(item.data, str)
        item.data.encode("utf-8")


@FUZZ
@given(mutated(GOOD_FEED.encode()) | mutated(gzip.compress(GOOD_FEED.encode())))
def test_properties_feed_parser_never_raises(data: bytes) -> None:
    try:
        _title, entries = parse_feed(data, "http://news.test/feed.xml", None, [])
    except RejectError as err:
        assert (err.stage, err.reason) == ("discover", "malformed_feed")
        return
    for entry in entries:
        entry.url.encode("utf-8")
        (entry.title or "").encode("utf-8")


@FUZZ
@given(mutated(GOOD_SITEMAP.encode()) | mutated(gzip.compress(GOOD_SITEMAP.encode())))
def test_properties_sitemap_parser_never_raises(data: bytes) -> None:
    try:
        kind, entries = parse_sitemap(data, 1_000_000)
    except RejectError as err:
        assert err.stage == "discover" and err.reason in ("malformed_sitemap", "too_large")
        return
    assert kind in ("index", "urlset")
    for entry in entries:
        entry.url.encode("utf-8")


GOOD_WARC_GZ, GOOD_WARC = _warc(True), _warc(False)


@FUZZ
@given(mutated(GOOD_WARC_GZ) | mutated(GOOD_WARC))
def test_properties_warc_reader_never_raises(tmp_path_factory: pytest.TempPathFactory, data: bytes) -> None:
    path = Path(tmp_path_factory.getbasetemp()) / "fuzz.warc.gz"
    path.write_bytes(data)
    items = list(read_warc(path))
    assert items, "a WARC file always gives at least one document or one reject"
    for item in items:
        assert isinstance(item, RawDocument | Reject)
        if isinstance(item, Reject):
            assert item.stage == "discover" and item.reason in (
                "malformed_warc", "too_large", "empty", "no_html_records"
            ), item  # fmt: skip
