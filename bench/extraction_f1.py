"""Cleaning quality on the ScrapingHub article-extraction benchmark: ``python -m bench.extraction_f1``.

Scoring follows the benchmark's published method: the text is split into word tokens (``\\w+``, case kept);
each page's predicted and true ``articleBody`` become multisets of word 4-grams; true positives, false
positives and false negatives are counted per page and normalised by their sum (so long pages weigh no
more than short ones); precision is averaged over the pages that predicted something, recall over the
pages that have a true body, and F1 is computed from those two averages. A page with no 4-gram on either
side scores 1.

Settings compared, each on every page, one process:

- ``newsevents``: exactly what ``tasks/clean.py`` runs (:func:`tasks.clean.clean_html`, fast off, then the
  boilerplate line rules, :func:`tasks.clean.without_boilerplate`);
- ``newsevents fast``: the same with trafilatura's ``fast`` mode (the ``trafilatura_fast`` setting);
- ``newsevents favor_precision``: the same options plus ``favor_precision=True``;
- ``trafilatura defaults``: ``trafilatura.extract(html)``, the library's defaults, for reference.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "bench" / "articles"
_TOKEN = re.compile(r"\w+")

Counts = tuple[float, float, float]


# ---------------------------------------------------------------------------------------------- scoring


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    """The multiset of word n-grams of ``text`` (one shorter gram when the text has fewer than n words)."""
    tokens = _TOKEN.findall(text or "")
    grams = (tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))
    return Counter(g for g in grams if g)


def page_counts(true: str, pred: str, n: int = 4) -> Counts:
    """(tp, fp, fn) over the 4-grams of one page, normalised to sum to 1 (all zero when both are empty)."""
    t, p = shingles(true, n), shingles(pred, n)
    tp = float(sum((t & p).values()))
    fp = float(sum((p - t).values()))
    fn = float(sum((t - p).values()))
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def _precision(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fp) if tp + fp else 0.0


def _recall(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    return tp / (tp + fn) if tp + fn else 0.0


def score(counts: list[Counts]) -> dict[str, float]:
    """Precision and recall averaged over pages, and F1 from the two averages."""
    precision = statistics.mean([_precision(*c) for c in counts if c[0] + c[1] > 0] or [0.0])
    recall = statistics.mean([_recall(*c) for c in counts if c[0] + c[2] > 0] or [0.0])
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": f1, "precision": precision, "recall": recall}


# ---------------------------------------------------------------------------------------------- extractors


def _newsevents(fast: bool) -> Callable[[str, str | None], str]:
    from tasks.clean import clean_html, without_boilerplate
    from tasks.records import RejectError

    def run(html: str, url: str | None) -> str:
        try:
            text = clean_html(html, url, fast)["text"] or ""
        except RejectError:
            return ""
        return "\n".join(without_boilerplate(text.splitlines()))

    return run


def _favor_precision(html: str, url: str | None) -> str:
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True,
        date_extraction_params={"extensive_search": False, "original_date": True},
    )  # fmt: skip
    if doc is None:
        return ""
    data = doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)
    return str(data.get("text") or "")


def _trafilatura_defaults(html: str, url: str | None) -> str:
    import trafilatura

    return trafilatura.extract(html, url=url) or ""


def settings() -> dict[str, Callable[[str, str | None], str]]:
    return {
        "newsevents (tasks/clean.py)": _newsevents(fast=False),
        "newsevents, fast mode": _newsevents(fast=True),
        "newsevents + favor_precision": _favor_precision,
        "trafilatura defaults": _trafilatura_defaults,
    }


# ---------------------------------------------------------------------------------------------- run


def load_pages(data_dir: Path, limit: int | None = None) -> list[tuple[str, str, dict[str, Any]]]:
    """(id, HTML, ground truth) for every page, sorted by id."""
    truth = json.loads((data_dir / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth)[:limit]:
        html = gzip.decompress((data_dir / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
        pages.append((key, html, truth[key]))
    return pages


def evaluate(pages: list[tuple[str, str, dict[str, Any]]], names: list[str] | None = None) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for name, extract in settings().items():
        if names and name not in names:
            continue
        extract(pages[0][1], pages[0][2].get("url"))  # warm imports and caches
        t0 = time.perf_counter()
        predictions = [extract(html, truth.get("url")) for _key, html, truth in pages]
        elapsed = time.perf_counter() - t0
        counts = [
            page_counts(truth.get("articleBody", ""), pred)
            for (_k, _h, truth), pred in zip(pages, predictions, strict=True)
        ]
        results[name] = {
            **score(counts),
            "pages_s": len(pages) / elapsed,
            "empty": sum(1 for p in predictions if not p),
        }
    return results


def markdown(results: dict[str, Any], pages: int) -> str:
    lines = [
        f"| setting ({pages} pages) | F1 | precision | recall | pages/s (1 process) | pages with no text |",
        "|---|---|---|---|---|---|",
    ]
    for name, r in results.items():
        lines.append(
            f"| {name} | {r['f1']:.3f} | {r['precision']:.3f} | {r['recall']:.3f} | {r['pages_s']:.1f} "
            f"| {r['empty']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.extraction_f1",
        description="F1 of newsevents' cleaning on the ScrapingHub article-extraction benchmark "
        "(word 4-grams).",
    )
    parser.add_argument("--data", default=str(DEFAULT_DATA), help="folder with html/ and ground-truth.json")
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages (for a quick check)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a Markdown table")
    args = parser.parse_args(argv)
    data = Path(args.data)
    if not (data / "ground-truth.json").exists():
        print(f"extraction_f1: no benchmark at {data}; nothing measured (pass --data DIR)", file=sys.stderr)
        return 0
    pages = load_pages(data, args.limit)
    results = evaluate(pages)
    print(json.dumps(results, indent=2) if args.json else markdown(results, len(pages)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
