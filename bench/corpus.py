"""The benchmark corpus: real pages, repeated and shuffled up to N documents, written once as .html files.

``newsevents ingest`` parses a story once: a copy with the same text, the same canonical URL, or 60% of the
same word 3-shingles is recorded as a duplicate and not parsed again. Verbatim copies would therefore
make the flow parse 181 pages while a bare ``nlp.pipe`` parses N. So copy k > 0 of a page is a new article
in the page's own markup:

- every paragraph (``<p>``) of an English page gets the text of another real English paragraph, drawn
  from the whole corpus with a seed of (page, copy), so each copy is a distinct mix of real sentences;
- its title gets a ``[k]`` marker and its canonical URL a ``/copy-k`` segment.

Pages in other languages keep their paragraphs (with a ``[k]`` marker): the flow rejects them after
cleaning, as it does the originals. Text outside ``<p>`` elements stays as it is, so a few copies of pages
built from ``<div>``s may still be near-duplicates; the harness reports how many texts the flow parsed.
"""

from __future__ import annotations

import gzip
import html as htmllib
import json
import random
import re
from pathlib import Path

_PARA = re.compile(r"(<p(?:\s[^>]*)?>)(.*?)(</p>)", re.IGNORECASE | re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")
_TITLE = re.compile(r"(<title[^>]*>)(.*?)(</title>)", re.IGNORECASE | re.DOTALL)
_META_TITLE = re.compile(
    r"""(<meta[^>]+(?:property|name)\s*=\s*["'](?:og:title|twitter:title)["'][^>]*content\s*=\s*["'])""",
    re.IGNORECASE,
)
_URL_ATTR = re.compile(
    r"""(<(?:link[^>]+rel\s*=\s*["']canonical["'][^>]*href|meta[^>]+property\s*=\s*["']og:url["'][^>]*content)"""
    r"""\s*=\s*["'])([^"'?#]+)""",
    re.IGNORECASE,
)
MIN_PARAGRAPH_CHARS = 60


def source_pages(corpus: Path) -> list[tuple[str, str]]:
    """(page id, HTML) for every ``.html``/``.htm``/``.html.gz`` file in ``corpus``, sorted by name."""
    pages: list[tuple[str, str]] = []
    for path in sorted(corpus.iterdir()):
        name = path.name.lower()
        if name.endswith(".html.gz"):
            data = gzip.decompress(path.read_bytes())
            stem = path.name[: -len(".html.gz")]
        elif name.endswith((".html", ".htm")):
            data = path.read_bytes()
            stem = path.stem
        else:
            continue
        pages.append((stem, data.decode("utf-8", errors="replace")))
    return pages


def paragraphs(html: str) -> list[str]:
    """The plain text of every ``<p>`` of at least 60 characters."""
    out = []
    for m in _PARA.finditer(html):
        text = " ".join(htmllib.unescape(_TAGS.sub(" ", m.group(2))).split())
        if len(text) >= MIN_PARAGRAPH_CHARS:
            out.append(text)
    return out


def is_english(paras: list[str]) -> bool:
    from tasks.clean import detect_language

    return bool(paras) and detect_language(" ".join(paras)[:5000]) == "en"


def vary(html: str, copy: int, pool: list[str], rng: random.Random | None) -> str:
    """Copy ``copy`` of a page (0: unchanged): paragraphs from ``pool`` (or a marker); title, URL marked."""
    if copy == 0:
        return html
    tag = f"[{copy}] "

    def para(m: re.Match[str]) -> str:
        text = " ".join(_TAGS.sub(" ", m.group(2)).split())
        if len(text) < MIN_PARAGRAPH_CHARS:
            return m.group(0)
        if rng is None or not pool:
            return m.group(1) + tag + m.group(2) + m.group(3)
        return m.group(1) + htmllib.escape(rng.choice(pool), quote=False) + m.group(3)

    html = _PARA.sub(para, html)
    html = _TITLE.sub(lambda m: m.group(1) + tag + m.group(2) + m.group(3), html, count=1)
    html = _META_TITLE.sub(lambda m: m.group(1) + tag, html)
    return _URL_ATTR.sub(lambda m: m.group(1) + m.group(2).rstrip("/") + f"/copy-{copy}", html)


def materialize(corpus: Path, n: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write ``n`` documents (the corpus cycled, each cycle varied, then shuffled) into ``out_dir``.

    Reuses ``out_dir`` when it already holds the same corpus, ``n`` and seed.
    """
    stamp = {"corpus": str(corpus.resolve()), "n": n, "seed": seed, "version": 2}
    marker = out_dir / ".corpus.json"
    if marker.exists() and json.loads(marker.read_text()) == stamp:
        return sorted(out_dir.glob("*.html"))
    pages = source_pages(corpus)
    if not pages:
        raise FileNotFoundError(f"no .html or .html.gz pages in {corpus}")
    english = [is_english(paragraphs(html)) for _stem, html in pages]
    pool = [p for (_stem, html), en in zip(pages, english, strict=True) if en for p in paragraphs(html)]
    order = [(i % len(pages), i // len(pages)) for i in range(n)]
    random.Random(seed).shuffle(order)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.html"):
        old.unlink()
    paths: list[Path] = []
    for pos, (page, copy) in enumerate(order):
        stem, html = pages[page]
        rng = random.Random(f"{seed}:{page}:{copy}") if english[page] else None
        path = out_dir / f"{pos:06d}_{stem[:16]}_{copy}.html"
        path.write_text(vary(html, copy, pool, rng), encoding="utf-8")
        paths.append(path)
    marker.write_text(json.dumps(stamp))
    return paths
