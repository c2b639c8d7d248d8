"""The benchmark corpus: real pages, repeated and shuffled up to N documents, written once as .html files.

Repeating a page verbatim would make ``newsevents ingest`` treat every copy as an exact duplicate and parse
it once, while a bare ``nlp.pipe`` would parse it N times. So copy k > 0 of a page carries a short marker
(``[k]``) at the start of its long paragraphs and in its title: the copies clean to different texts, and
every tool parses the same set. The markers add about 2% to the word count. A few pages whose text sits
outside ``<p>`` elements still clean to the same text; the harness counts distinct texts and parses each
once in every phase, as the flow does.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from pathlib import Path

_PARA = re.compile(r"(<p(?:\s[^>]*)?>)([^<]{60,})", re.IGNORECASE)
_TITLE = re.compile(r"(<title[^>]*>)(.*?)(</title>)", re.IGNORECASE | re.DOTALL)
_META_TITLE = re.compile(
    r"""(<meta[^>]+(?:property|name)\s*=\s*["'](?:og:title|twitter:title)["'][^>]*content\s*=\s*["'])""",
    re.IGNORECASE,
)


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


def mark_copy(html: str, copy: int) -> str:
    """Copy ``copy`` of a page: unchanged for 0, else a ``[k]`` marker in its title and long paragraphs."""
    if copy == 0:
        return html
    tag = f"[{copy}] "
    html = _PARA.sub(lambda m: m.group(1) + tag + m.group(2), html)
    html = _TITLE.sub(lambda m: m.group(1) + tag + m.group(2) + m.group(3), html, count=1)
    return _META_TITLE.sub(lambda m: m.group(1) + tag, html)


def materialize(corpus: Path, n: int, out_dir: Path, seed: int = 0) -> list[Path]:
    """Write ``n`` documents (the corpus cycled, each cycle marked, then shuffled) into ``out_dir``.

    Reuses ``out_dir`` when it already holds the same corpus, ``n`` and seed.
    """
    stamp = {"corpus": str(corpus.resolve()), "n": n, "seed": seed, "version": 1}
    marker = out_dir / ".corpus.json"
    if marker.exists() and json.loads(marker.read_text()) == stamp:
        return sorted(out_dir.glob("*.html"))
    pages = source_pages(corpus)
    if not pages:
        raise FileNotFoundError(f"no .html or .html.gz pages in {corpus}")
    order = [(i % len(pages), i // len(pages)) for i in range(n)]
    random.Random(seed).shuffle(order)
    out_dir.mkdir(parents=True, exist_ok=True)
    for old in out_dir.glob("*.html"):
        old.unlink()
    paths: list[Path] = []
    for pos, (page, copy) in enumerate(order):
        stem, html = pages[page]
        path = out_dir / f"{pos:06d}_{stem[:16]}_{copy}.html"
        path.write_text(mark_copy(html, copy), encoding="utf-8")
        paths.append(path)
    marker.write_text(json.dumps(stamp))
    return paths
