"""Unit tests of the clean stage's pure functions: decoding, boilerplate, captions, dates, rejects."""

from __future__ import annotations

from datetime import datetime

import pytest

from tasks.clean import (
    CleanOptions,
    clean_batch,
    clean_document,
    clean_text,
    date_from_url,
    decode,
    is_caption,
    parse_date,
)
from tasks.records import Hints, RawDocument, RejectError

ARTICLE = (
    "Leaders meet in Geneva\n\nThe two presidents met in Geneva on Wednesday for talks on arms control, "
    "officials said. They agreed to continue the dialogue next month and to exchange proposals in writing."
)


def _doc(data: bytes | str, kind: str = "text", **kw: object) -> RawDocument:
    return RawDocument(input_ref="t", origin="file", kind=kind, data=data, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "kind", "reason"),
    [
        (b"", "text", "empty"),
        (b"   \n\t  ", "text", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "text", "binary"),
        (b"caf\xe9 au lait is a drink people like a lot in the morning", "text", "invalid_utf8"),
        (
            b'<html><head><meta charset="utf-8"></head><body><p>caf\xe9 \xe0 Paris</p></body></html>',
            "html",
            "charset_mismatch",
        ),
    ],
    ids=["empty", "whitespace", "binary", "invalid-utf8", "wrong-declared-charset"],
)
def test_clean_decode_rejects(data: bytes, kind: str, reason: str) -> None:
    with pytest.raises(RejectError) as err:
        decode(_doc(data, kind), max_bytes=1_000_000)
    assert err.value.reason == reason
    assert err.value.stage == "decode"


def test_clean_decode_reports_byte_offset() -> None:
    with pytest.raises(RejectError) as err:
        decode(_doc(b"abc\xffdef"), max_bytes=100)
    assert "byte 3" in err.value.detail


def test_clean_decode_size_cap() -> None:
    with pytest.raises(RejectError) as err:
        decode(_doc(b"x" * 101), max_bytes=100)
    assert err.value.reason == "too_large"


def test_clean_decode_uses_declared_latin1_charset() -> None:
    html = b'<html><head><meta charset="iso-8859-1"></head><body>caf\xe9</body></html>'
    assert "café" in decode(_doc(html, "html"), max_bytes=10_000)


def test_clean_decode_utf8_bom() -> None:
    assert decode(_doc(b"\xef\xbb\xbfhello world"), max_bytes=100) == "hello world"


def test_clean_text_takes_first_line_as_title_and_drops_boilerplate() -> None:
    raw = (
        "Big Talks In Geneva\n\nThe talks began on Monday, officials said.\n\nLeave a Reply\n\n"
        "Your email address will not be published. Required fields are marked *\n\nBack to top button\n"
    )
    title, body = clean_text(raw)
    assert title == "Big Talks In Geneva"
    assert body == "The talks began on Monday, officials said."


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Russia negotiations 1", True),  # image alt text made of title words
        ("Russia negotiations", True),
        ("Ukraine At The Heart Of The Conflict", False),  # a real subheading with new words
        ("Russia negotiations resumed on Monday.", False),  # a sentence
        ("Negotiations on Ukraine and Russia in Geneva with many more words here", False),  # too long
    ],
)
def test_clean_is_caption(line: str, expected: bool) -> None:
    title = "United States- Russia Negotiations On Ukraine Scheduled For January 10!"
    assert is_caption(line, title) is expected


def test_clean_text_keeps_article_text_whole() -> None:
    raw = "Title Line\n\nFirst paragraph with “quotes” — and dashes.\nSecond line of the same paragraph."
    _title, body = clean_text(raw)
    assert "First paragraph with “quotes” — and dashes." in body
    assert "Second line of the same paragraph." in body


def test_clean_text_with_known_title_drops_repeated_first_line() -> None:
    title, body = clean_text("My Title\nBody sentence one.", title="My Title")
    assert title == "My Title"
    assert body == "Body sentence one."
    _title2, body2 = clean_text("Something else\nBody.", title="My Title")
    assert body2.startswith("Something else")


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-05-01", datetime(2024, 5, 1)),
        ("2024-05-01T09:30:00Z", datetime(2024, 5, 1, 9, 30)),
        ("2024-05-01T11:30:00+02:00", datetime(2024, 5, 1, 9, 30)),
        ("Wed, 01 May 2024 09:30:00 GMT", datetime(2024, 5, 1, 9, 30)),
        ("not a date", None),
        (None, None),
    ],
)
def test_clean_parse_date(value: str | None, expected: datetime | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://x.test/world/2024/05/01/story-slug", datetime(2024, 5, 1)),
        ("https://x.test/2021-12-27/story", datetime(2021, 12, 27)),
        ("https://x.test/world/story-2024", None),
        ("https://x.test/2024/13/40/bad", None),
        (None, None),
    ],
)
def test_clean_date_from_url(url: str | None, expected: datetime | None) -> None:
    assert date_from_url(url) == expected


def test_clean_document_text_path_has_no_invented_date() -> None:
    art = clean_document(_doc(ARTICLE.encode()), CleanOptions())
    assert art.title == "Leaders meet in Geneva"
    assert art.published_at is None
    assert art.published_at_origin == "unknown"
    assert art.text.startswith("Leaders meet in Geneva\n\n")
    assert art.text[art.body_start :].startswith("The two presidents")


def test_clean_document_hint_date_and_url_date() -> None:
    hinted = clean_document(_doc(ARTICLE, hints=Hints(published_at="2024-03-11")), CleanOptions())
    assert (hinted.published_at, hinted.published_at_origin) == (datetime(2024, 3, 11), "hint")
    from_url = clean_document(_doc(ARTICLE, url="https://x.test/2023/02/03/slug"), CleanOptions())
    assert (from_url.published_at, from_url.published_at_origin) == (datetime(2023, 2, 3), "url")


def test_clean_document_article_id_is_content_hash() -> None:
    a = clean_document(_doc(ARTICLE.encode()), CleanOptions())
    b = clean_document(RawDocument("other-ref", "file", "text", ARTICLE.encode()), CleanOptions())
    c = clean_document(_doc((ARTICLE + " One more sentence here.").encode()), CleanOptions())
    assert a.article_id == b.article_id
    assert a.article_id != c.article_id


def test_clean_document_rejects_non_english() -> None:
    german = (
        "Gespräche in Genf\n\nDie beiden Präsidenten trafen sich am Mittwoch in Genf zu Gesprächen über "
        "Rüstungskontrolle, sagten Beamte. Sie vereinbarten, den Dialog im nächsten Monat fortzusetzen."
    )
    with pytest.raises(RejectError) as err:
        clean_document(_doc(german), CleanOptions())
    assert (err.value.stage, err.value.reason) == ("language", "unsupported_language")
    assert "'de'" in err.value.detail


def test_clean_document_html_without_article_text() -> None:
    html = (
        b"<html><body><nav><a href='/'>Home</a><a href='/x'>World</a></nav>"
        b"<footer>(c) 2024</footer></body></html>"
    )
    with pytest.raises(RejectError) as err:
        clean_document(_doc(html, "html"), CleanOptions())
    assert err.value.reason in {"no_article_text", "too_short"}


def test_clean_document_too_short() -> None:
    with pytest.raises(RejectError) as err:
        clean_document(_doc("Title\n\nJust four words here."), CleanOptions(min_words=10))
    assert err.value.reason == "too_short"


def test_clean_batch_turns_failures_into_rejects_and_goes_on() -> None:
    docs = [_doc(b""), _doc(ARTICLE.encode()), _doc(b"\x00\x01\x02" * 50)]
    articles, rejects = clean_batch(docs, CleanOptions())
    assert len(articles) == 1
    assert sorted(r.reason for r in rejects) == ["binary", "empty"]


def test_clean_batch_strict_raises_first_failure() -> None:
    with pytest.raises(RejectError):
        clean_batch([_doc(b""), _doc(ARTICLE.encode())], CleanOptions(), strict=True)


def test_clean_reject_key_follows_the_options_a_reject_depends_on() -> None:
    from tasks.clean import CleanOptions

    base = CleanOptions()
    assert base.reject_key() == CleanOptions(doc_timeout=5.0).reject_key()  # timeouts are always retried
    same = CleanOptions(languages=("fr", "en")), CleanOptions(languages=("en", "fr"))
    assert same[0].reject_key() == same[1].reject_key()
    changed = [
        CleanOptions(languages=("en", "fr")), CleanOptions(min_words=5), CleanOptions(max_bytes=10),
        CleanOptions(fast=True), CleanOptions(max_text_chars=10),
    ]  # fmt: skip
    assert len({base.reject_key(), *(o.reject_key() for o in changed)}) == 1 + len(changed)


def test_clean_document_html_drops_links_to_other_stories() -> None:
    """The boilerplate line rules apply to a page's main text too: a "READ MORE: ..." or "SEE MORE: ..."
    link inside the body is no part of the article (it coded a protest on a Hong Kong page)."""
    paragraphs = [
        "The two presidents met in Geneva on Wednesday for talks on arms control, officials said in a "
        "statement issued after the meeting ended late in the evening.",
        "SEE MORE: Hong Kong protests: 800 students under siege in university",
        "They agreed to continue the dialogue next month and to exchange proposals in writing before the "
        "next round of talks, which is planned for the spring.",
        "READ MORE: China plague outbreak confirmed: Two diagnosed with disease in Beijing",
        "The talks were the first in two years, and both sides called them constructive and frank.",
    ]
    html = (
        "<html><head><title>Leaders meet in Geneva</title></head><body><article>"
        "<h1>Leaders meet in Geneva</h1>"
        + "".join(f"<p>{p}</p>" for p in paragraphs)
        + "</article></body></html>"
    )
    article = clean_document(_doc(html.encode(), "html"), CleanOptions())
    assert "Geneva on Wednesday" in article.text and "constructive and frank" in article.text
    assert "SEE MORE" not in article.text and "READ MORE" not in article.text


def test_clean_inline_boilerplate_removes_a_hover_card() -> None:
    """``boilerplate_inline.txt``: a politician's hover card inside a paragraph (the name glued to itself,
    then links to other stories up to "MORE") is removed and the name kept; other text is unchanged."""
    from tasks.clean import without_inline_boilerplate

    card = (
        "A man pleaded guilty to threatening Rep. Ilhan OmarIlhan OmarHillicon Valley: Progressives oppose "
        "funding bill | Senators call for 5G security coordinator MORE (D-Minn.), prosecutors said."
    )
    assert without_inline_boilerplate(card) == (
        "A man pleaded guilty to threatening Rep. Ilhan Omar (D-Minn.), prosecutors said."
    )
    plain = "Rep. Ilhan Omar said MORE than that; Omar Omar is a name."
    assert without_inline_boilerplate(plain) == plain
    _, body = clean_text("Title\n" + card)
    assert "Senators call" not in body and "Rep. Ilhan Omar (D-Minn.)" in body
