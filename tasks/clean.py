"""Clean stage: raw bytes → one :class:`CleanArticle` (main text without boilerplate, plus metadata).

The cascade, in order:

1. size cap, empty and binary checks;
2. decoding: UTF-8 for text; for HTML the declared charset (header or ``<meta>``), else UTF-8, else a
   detected charset. A declared charset that does not decode is a ``charset_mismatch`` reject;
3. HTML → trafilatura ``bare_extraction`` (metadata on, comments off, date from metadata only);
   text → the first line is the title, boilerplate lines and stray image captions are removed (the
   boilerplate lines from HTML's main text too: "READ MORE: ..." links to other stories);
4. publication date: page metadata, else the input's hint (JSONL/feed), else a date in the URL, else
   unknown (never invented; a weekday–date pair in the text may pin it later, in extraction);
5. language detection, and the minimum length check.

Each document has a time budget (``doc_timeout``, see :mod:`tasks.budget` for where it is enforced) and its
main text a length cap (``max_text_chars``), so one pathological page cannot stall a batch.

Every failure raises :class:`RejectError` with a reason; :func:`clean_batch` turns those into rejects.
"""

from __future__ import annotations

import codecs
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from tasks.budget import within
from tasks.records import CleanArticle, RawDocument, Reject, RejectError, sha256_hex

DATA_DIR = Path(__file__).resolve().parent / "data"

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/-](0?[1-9]|1[0-2])[/-](0?[1-9]|[12]\d|3[01])(?:/|$|[^\d])")
_WORD = re.compile(r"\S+")
# Chinese, Japanese and Korean write words without spaces: each of these characters counts as a word for the
# minimum length, so such a story reaches the language check instead of being "too short".
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class CleanOptions:
    """What the clean stage needs from the settings."""

    max_bytes: int = 20_000_000
    min_words: int = 10
    languages: tuple[str, ...] = ("en",)
    fast: bool = False
    max_text_chars: int = 200_000  # longer main texts are rejected: they bound NLP time and memory
    doc_timeout: float = 30.0  # seconds per document, in any thread or process (tasks/budget.py)

    def reject_key(self) -> str:
        """A short hash of the options a deterministic reject depends on (size and length limits, minimum
        words, languages, trafilatura mode; not the time budget, whose rejects are always retried).

        A stored reject is re-issued without cleaning only under the same key, so a page rejected as
        ``language/unsupported_language`` is cleaned again once its language is configured."""
        decisive = [self.max_bytes, self.min_words, sorted(self.languages), self.fast, self.max_text_chars]
        return sha256_hex(json.dumps(decisive), 16)


# ---------------------------------------------------------------------------------------------- decoding


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 9 or 13 < b < 32)
    return control > max(8, len(head) // 20)


def _declared_charset(doc: RawDocument, data: bytes) -> str | None:
    ctype = doc.headers.get("content-type") or doc.headers.get("Content-Type") or ""
    m = re.search(r"charset=([\w.:-]+)", ctype, re.IGNORECASE)
    if m:
        return m.group(1)
    m2 = _META_CHARSET.search(data[:4096])
    return m2.group(1).decode("ascii", "ignore") if m2 else None


def _strict_decode(data: bytes, encoding: str, reason: str, what: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise RejectError(
            "decode",
            reason,
            f"{what} at byte {exc.start}: {exc.reason} ({data[exc.start : exc.start + 4]!r})",
        ) from None


def decode(doc: RawDocument, max_bytes: int) -> str:
    """Turn the raw content into text, or raise a decode reject with the byte offset at fault."""
    data = doc.data
    if isinstance(data, str):
        if not data.strip():
            raise RejectError("decode", "empty", "no text")
        try:
            data.encode("utf-8")
        except UnicodeEncodeError as exc:  # a lone surrogate (from a JSON escape): it cannot be stored
            why = f"lone surrogate at character {exc.start}"
            raise RejectError("decode", "invalid_unicode", why) from None
        return data
    if len(data) > max_bytes:
        raise RejectError("decode", "too_large", f"{len(data)} bytes > cap of {max_bytes}")
    if not data.strip():
        raise RejectError("decode", "empty", f"{len(data)} bytes of whitespace" if data else "0 bytes")
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            return _strict_decode(data, enc, "invalid_encoding", f"invalid {enc}")
    if _looks_binary(data):
        raise RejectError("decode", "binary", "NUL or control bytes: not a text or HTML document")
    if doc.kind == "text":
        return _strict_decode(data, "utf-8", "invalid_utf8", "text inputs must be UTF-8; invalid sequence")
    declared = _declared_charset(doc, data)
    if declared:
        try:
            codecs.lookup(declared)
        except LookupError:
            declared = None
    if declared:
        return _strict_decode(
            data, declared, "charset_mismatch", f"declared charset {declared!r} does not decode"
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes  # a trafilatura dependency; imported only when needed

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise RejectError("decode", "invalid_encoding", "not UTF-8 and no charset could be detected")
    return data.decode(best.encoding, errors="replace")


# ---------------------------------------------------------------------------------------------- text path


@lru_cache(maxsize=1)
def boilerplate_patterns() -> re.Pattern[str]:
    """The boilerplate line rules from ``tasks/data/boilerplate.txt``, compiled into one pattern."""
    lines = (DATA_DIR / "boilerplate.txt").read_text(encoding="utf-8").splitlines()
    rules = [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    return re.compile(r"^(?:" + "|".join(f"(?:{r})" for r in rules) + r")$", re.IGNORECASE)


@lru_cache(maxsize=1)
def inline_rules() -> list[tuple[re.Pattern[str], str]]:
    """The in-paragraph boilerplate rules of ``tasks/data/boilerplate_inline.txt``: (pattern, replacement)."""
    rules = []
    for line in (DATA_DIR / "boilerplate_inline.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        pattern, _, replacement = line.partition("\t")
        rules.append((re.compile(pattern), replacement))
    return rules


def without_inline_boilerplate(text: str) -> str:
    """``text`` with the in-paragraph boilerplate removed (a politician's hover card with links)."""
    for pattern, replacement in inline_rules():
        text = pattern.sub(replacement, text)
    return text


def without_boilerplate(lines: Sequence[str]) -> list[str]:
    """The lines that no boilerplate rule matches; also applied to the main text trafilatura finds in a page,
    where links to other stories stay inside the body ("READ MORE: ...", "SEE MORE: ...")."""
    pattern = boilerplate_patterns()
    return [without_inline_boilerplate(ln) for ln in lines if not pattern.match(ln)]


def _norm_words(s: str) -> list[str]:
    return [w for w in re.findall(r"[a-z]+", s.lower()) if len(w) > 2]


def is_caption(line: str, title: str | None) -> bool:
    """A stray image caption or alt text: short, unpunctuated, made of the title's own words.

    Such lines ("Russia negotiations 1") sit between paragraphs in copied pages. A subheading with new
    words ("Ukraine At The Heart Of The Conflict") is kept.
    """
    stripped = line.strip()
    words = stripped.split()
    if not words or len(words) > 6 or stripped[-1] in '.!?:;"”’)':
        return False
    content = _norm_words(stripped)
    if not content or not title:
        return False
    title_words = set(_norm_words(title))
    return all(w in title_words for w in content)


def _lines(raw: str) -> list[str]:
    lines = (ln.strip() for ln in raw.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return [ln for ln in lines if ln]


def _same_line(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def clean_text(raw: str, title: str | None = None) -> tuple[str | None, str]:
    """Plain text → (title, body). Boilerplate lines and stray captions are dropped.

    With no known ``title``, the first line is the title. With one (a JSONL or feed field), a first line
    repeating it is dropped. Paragraphs are separated by blank lines; the words of kept lines are untouched.
    """
    lines = _lines(raw)
    if not lines:
        return title, ""
    if title is not None:
        if _same_line(lines[0], title):
            lines = lines[1:]
    elif len(lines) > 1 and len(lines[0]) <= 300:
        title, lines = lines[0], lines[1:]
    kept = [ln for ln in without_boilerplate(lines) if not is_caption(ln, title)]
    return title, "\n\n".join(kept)


# ---------------------------------------------------------------------------------------------- HTML path


def too_deeply_nested(html: str) -> bool:
    """True when libxml2 stops at its nesting limit (255 levels) on this page, dropping what lies below.

    Only asked when trafilatura found nothing, to tell that case apart from a page without an article.
    """
    from lxml import etree

    parser = etree.HTMLParser(collect_ids=False, encoding="utf-8")
    try:
        etree.fromstring(html.encode("utf-8", "surrogatepass"), parser)
    except (etree.LxmlError, ValueError):
        return False
    return any("Excessive depth" in e.message for e in parser.error_log)


def clean_html(html: str, url: str | None, fast: bool) -> dict[str, str | None]:
    """HTML → main text and metadata via trafilatura. Raises ``no_article_text`` when nothing is found."""
    import trafilatura  # heavy import, deferred so `newsevents --help` stays fast

    try:
        doc = trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            fast=fast,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as exc:  # trafilatura/lxml can fail on pathological markup
        raise RejectError("clean", "html_parse_error", f"{type(exc).__name__}: {exc}"[:300]) from None
    if doc is None:
        if too_deeply_nested(html):
            why = "markup nested deeper than 255 levels: the HTML parser drops what lies below"
            raise RejectError("clean", "too_deeply_nested", why)
        raise RejectError("clean", "no_article_text", "trafilatura found no main text")
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return {
        "text": data.get("text") or "",
        "title": data.get("title"),
        "author": data.get("author"),
        "date": data.get("date"),
        "sitename": data.get("sitename"),
        "hostname": data.get("hostname"),
        "url": data.get("url"),
        "language": data.get("language"),
    }


# ---------------------------------------------------------------------------------------------- dates


def parse_date(value: str | None) -> datetime | None:
    """Parse an ISO date or datetime (as trafilatura and JSONL give them); naive UTC, or None."""
    if not value:
        return None
    text = str(value).strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError):
            return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    return parsed


def date_from_url(url: str | None) -> datetime | None:
    """A /YYYY/MM/DD/ date in the URL path, when present."""
    if not url:
        return None
    m = _URL_DATE.search(urlsplit(url).path + "/")
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------- language


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (py3langid), or None for too little text."""
    sample = text[:5000]
    if len(sample.split()) < 3 and len(_CJK.findall(sample)) < 10:
        return None
    import py3langid

    lang, _score = py3langid.classify(sample)
    return str(lang)


# ---------------------------------------------------------------------------------------------- stage


def clean_document(doc: RawDocument, options: CleanOptions) -> CleanArticle:
    """One raw document → one cleaned article, or :class:`RejectError`."""
    raw_text = decode(doc, options.max_bytes)
    meta: dict[str, str | None] = {}
    if doc.kind == "html":
        meta = clean_html(raw_text, doc.final_url or doc.url, options.fast)
        title = meta.get("title") or doc.hints.title
        lines = _lines(meta["text"] or "")
        if title and lines and _same_line(lines[0], title):
            lines = lines[1:]  # trafilatura keeps the <h1>; the title is stored once, as the first paragraph
        body = "\n\n".join(without_boilerplate(lines))
    else:
        title, body = clean_text(raw_text, doc.hints.title)
    body = body.strip()
    chars = len(body) + len(title or "")
    if chars > options.max_text_chars:
        limit = options.max_text_chars
        raise RejectError("clean", "text_too_long", f"{chars} characters of text > {limit} (max_text_chars)")
    words = len(_WORD.findall(body))
    if words == 0:
        raise RejectError("clean", "no_article_text", "no text left after removing boilerplate")
    if words < options.min_words and words + len(_CJK.findall(body)) < options.min_words:
        # For a page, a few stray words of navigation means trafilatura found no article.
        reason = "no_article_text" if doc.kind == "html" else "too_short"
        raise RejectError("clean", reason, f"{words} words of main text < min_words={options.min_words}")

    url = meta.get("url") or doc.final_url or doc.url
    published = parse_date(meta.get("date"))
    origin = "metadata" if published else "unknown"
    if published is None and doc.hints.published_at:
        published = parse_date(doc.hints.published_at)
        origin = "hint" if published else origin
    if published is None:
        published = date_from_url(url)
        origin = "url" if published else origin

    language = doc.hints.language or detect_language(body)
    if options.languages and language and language not in options.languages:
        raise RejectError(
            "language",
            "unsupported_language",
            f"detected {language!r}; configured languages: {', '.join(options.languages)}",
        )

    title = title.strip() if title else None
    text = f"{title}\n\n{body}" if title else body
    host = urlsplit(url).hostname if url else None
    source = doc.hints.source or meta.get("sitename") or (host.removeprefix("www.") if host else None)
    return CleanArticle(
        article_id=sha256_hex(text),
        input_ref=doc.input_ref,
        input_key=doc.input_key,
        raw_hash=doc.raw_hash,
        origin=doc.origin,
        url=url,
        source=source,
        title=title,
        author=meta.get("author") or doc.hints.author,
        published_at=published,
        published_at_origin=origin,
        language=language,
        text=text,
        body_start=len(title) + 2 if title else 0,
        word_count=len(_WORD.findall(text)),
    )


@lru_cache(maxsize=1)
def warm_language_model() -> None:
    """Load the language detector's model (about 0.4 s) once per process, before any document's time
    budget starts: a one-time load is not a document's cost, in a fresh worker process or thread alike."""
    detect_language("warm the language model up before the first document")


def clean_batch(
    docs: Sequence[RawDocument], options: CleanOptions, strict: bool = False
) -> tuple[list[CleanArticle], list[Reject]]:
    """Clean a batch; failures become rejects (or raise at once with ``strict``)."""
    articles: list[CleanArticle] = []
    rejects: list[Reject] = []
    if docs:
        warm_language_model()
    for doc in docs:
        try:
            articles.append(within(options.doc_timeout, "clean", clean_document, doc, options))
        except RejectError as err:
            if strict:
                raise
            rejects.append(err.to_reject(doc.input_ref))
        except Exception as exc:  # a bug or a library failure must not sink the batch
            if strict:
                raise
            rejects.append(
                Reject(doc.input_ref, "clean", "internal_error", f"{type(exc).__name__}: {exc}"[:500])
            )
    return articles, rejects
