"""WARC files: written by the test with warcio, streamed record by record, HTML responses only; memory
stays flat as the file grows (measured in subprocesses)."""

from __future__ import annotations

import gzip
import io
import json
import os
import random
import subprocess
import sys
import tracemalloc
from pathlib import Path

import pytest
from conftest import REPO, bench_path
from httpserver import article_html
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tasks.records import RawDocument, Reject
from tasks.sources.registry import SourceSpec, open_sources
from tasks.sources.warc import read_warc

Page = tuple[str, bytes, str, str]  # uri, body, status line, content type


def write_warc(path: Path, pages: list[Page], compress: bool = True, with_requests: bool = True) -> Path:
    """A WARC like a crawler writes: warcinfo, then a request and a response record per page."""
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=compress)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "newsevents-tests"}))
        for i, (uri, body, status, ctype) in enumerate(pages):
            date = f"2025-06-03T10:{i // 60 % 60:02d}:{i % 60:02d}Z"
            if with_requests:
                req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "x")], is_http_request=True)
                writer.write_record(
                    writer.create_warc_record(
                        uri,
                        "request",
                        payload=io.BytesIO(b""),
                        length=0,
                        http_headers=req,
                        warc_headers_dict={"WARC-Date": date},
                    )
                )
            headers = StatusAndHeaders(
                status, [("Content-Type", ctype), ("Set-Cookie", "id=1")], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), length=len(body), http_headers=headers,
                warc_headers_dict={"WARC-Date": date},
            )  # fmt: skip
            writer.write_record(record)
    return path


def filler(rng: random.Random, size: int) -> str:
    """Page weight like a real news page's: inline script state (compresses about 5:1 like real HTML)."""
    items: list[str] = []
    total = 0
    while total < size:
        n = rng.randrange(1_000_000)
        words = " ".join(
            rng.choices(["minister", "market", "storm", "league", "court", "vote", "talks"], k=6)
        )
        item = f'{{"id":{n},"url":"/section/{n}/{words.replace(" ", "-")}","title":"{words.title()}"}}'
        items.append(item)
        total += len(item)
    return "<script>window.__STATE__ = [" + ",".join(items) + "];</script>"


def html_pages(n: int, pad: int = 0, start: int = 0) -> list[Page]:
    rng = random.Random(n)
    pages = []
    for i in range(start, start + n):
        body = (article_html(i) + (filler(rng, pad) if pad else "")).encode()
        pages.append(
            (
                f"http://news.test/2025/06/03/story-{i}?utm_source=cc",
                body,
                "200 OK",
                "text/html; charset=utf-8",
            )
        )
    return pages


def test_sources_warc_takes_only_html_responses(tmp_path: Path) -> None:
    pages = [
        *html_pages(3),
        ("http://news.test/logo.png", b"\x89PNG....", "200 OK", "image/png"),
        ("http://news.test/old", b"", "301 Moved Permanently", "text/html"),
        ("http://news.test/missing", b"<p>not found</p>", "404 Not Found", "text/html"),
        ("http://news.test/robots.txt", b"User-agent: *", "200 OK", "text/plain"),
    ]
    warc = write_warc(tmp_path / "crawl.warc.gz", pages)
    items = list(read_warc(warc))
    assert all(isinstance(i, RawDocument) for i in items) and len(items) == 3
    doc = items[0]
    assert isinstance(doc, RawDocument)
    assert doc.origin == "warc" and doc.kind == "html" and doc.status == 200
    assert doc.input_ref.startswith(f"{warc}#") and int(doc.input_ref.rsplit("#", 1)[1]) > 0
    assert doc.url == pages[0][0] and doc.input_key == "http://news.test/2025/06/03/story-0"  # canonical
    assert doc.data == pages[0][1]
    assert doc.headers["content-type"].startswith("text/html") and "set-cookie" not in doc.headers
    assert doc.fetched_at is not None and doc.fetched_at.isoformat() == "2025-06-03T10:00:00"
    assert len({i.input_ref for i in items}) == 3  # every record has its own offset


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_sources_warc_as_plain_paths_and_in_folders(tmp_path: Path, compress: bool) -> None:
    folder = tmp_path / "crawl"
    folder.mkdir()
    name = "part-00000.warc.gz" if compress else "part-00000.warc"
    write_warc(folder / name, html_pages(4), compress=compress)
    (folder / "note.txt").write_text("A title\n\nA body of a note.", encoding="utf-8")
    items = list(open_sources(SourceSpec(paths=[str(folder)])))
    assert sorted(i.origin for i in items if isinstance(i, RawDocument)) == ["file"] + ["warc"] * 4


def test_sources_warc_too_large_record_and_truncated_file(tmp_path: Path) -> None:
    pages = html_pages(2) + html_pages(1, pad=50_000, start=2) + html_pages(1, start=3)
    warc = write_warc(tmp_path / "big.warc", pages, compress=False)
    items = list(read_warc(warc, max_bytes=20_000))
    assert [type(i).__name__ for i in items] == ["RawDocument", "RawDocument", "Reject", "RawDocument"]
    assert isinstance(items[2], Reject) and items[2].reason == "too_large"
    cut = tmp_path / "cut.warc.gz"
    full = write_warc(tmp_path / "full.warc.gz", html_pages(3)).read_bytes()
    cut.write_bytes(full[: len(full) * 2 // 3])
    items = list(read_warc(cut))
    assert isinstance(items[-1], Reject) and items[-1].reason == "malformed_warc"
    assert any(isinstance(i, RawDocument) for i in items)  # records before the damage are kept


def test_sources_warc_from_reference_pages(tmp_path: Path) -> None:
    folder = bench_path("articles", "html")
    truth = json.loads(bench_path("articles", "ground-truth.json").read_text(encoding="utf-8"))
    pages: list[Page] = []
    for path in sorted(folder.glob("*.html.gz"))[:20]:
        key = path.name.removesuffix(".html.gz")
        pages.append((truth[key]["url"], gzip.decompress(path.read_bytes()), "200 OK", "text/html"))
    items = list(open_sources(SourceSpec(paths=[str(write_warc(tmp_path / "bench.warc.gz", pages))])))
    assert [i.url for i in items if isinstance(i, RawDocument)] == [p[0] for p in pages]


def _source_peak(warc: Path) -> tuple[int, int]:
    tracemalloc.start()
    try:
        n = sum(1 for item in open_sources(SourceSpec(paths=[str(warc)])) if isinstance(item, RawDocument))
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return n, peak


def test_sources_warc_streams_with_flat_memory(tmp_path: Path) -> None:
    """Python allocations while reading 200 records (~100 KB each) stay those of a few records."""
    small = write_warc(tmp_path / "w50.warc.gz", html_pages(50, pad=100_000))
    large = write_warc(tmp_path / "w200.warc.gz", html_pages(200, pad=100_000))
    n_small, peak_small = _source_peak(small)
    n_large, peak_large = _source_peak(large)
    assert (n_small, n_large) == (50, 200)
    print(
        f"tracemalloc peak reading the WARC: 50 records {peak_small / 1e6:.1f} MB, "
        f"200 records {peak_large / 1e6:.1f} MB"
    )
    assert peak_large < 5_000_000  # 200 records hold ~20 MB of HTML; a stream holds a few at a time
    assert peak_large < peak_small * 1.5 + 1_000_000


_FLOW_SCRIPT = """
import gc, json, resource, sys
from flows.ingest import ingest
warm, warc, db, model = sys.argv[1:5]
ingest.fn(paths=[warm], db=db + ".warm.duckdb", options={"model": model, "batch_size": 10})
gc.collect()
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
summary = ingest.fn(paths=[warc], db=db, options={"model": model, "batch_size": 10})
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"growth_kb": peak - base, "base_kb": base, "summary": summary}, default=str))
"""


@pytest.mark.slow
def test_sources_warc_ingest_memory_is_flat(tmp_path: Path) -> None:
    """The whole ingest flow on WARCs of 50 and 200 pages (~100 KB each): peak RSS grows no more with 200
    than with 50 pages, beyond a generous margin. Measured 2026-11-28: about 9 MB and 18 MB of growth; the
    residual came from DuckDB appending the compressed raw pages (raw_documents.content_gz), which now go
    to the raw store beside the database (tasks/rawstore.py). A blank
    sentencizer model keeps it fast; what is measured
    is streaming through sources, clean, dedup and load, not the parser."""
    import spacy

    model = tmp_path / "blank_en"
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(model)
    warm = write_warc(tmp_path / "warm.warc.gz", html_pages(10, pad=100_000, start=1000))
    results = {}
    for n in (50, 200):
        warc = write_warc(tmp_path / f"w{n}.warc.gz", html_pages(n, pad=100_000))
        proc = subprocess.run(
            [sys.executable, "-c", _FLOW_SCRIPT, str(warm), str(warc), str(tmp_path / f"db{n}.duckdb"),
             str(model)],
            capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONWARNINGS": "ignore"},
            timeout=600,
        )  # fmt: skip
        assert proc.returncode == 0, proc.stderr[-3000:]
        results[n] = json.loads(proc.stdout.strip().splitlines()[-1])
    for n, res in results.items():
        summary = res["summary"]
        assert summary["inputs"] == n and summary["loaded"] == n and summary["accounting_ok"], summary
    growth_50, growth_200 = results[50]["growth_kb"], results[200]["growth_kb"]
    print(
        f"peak RSS growth during ingest: 50 pages {growth_50 / 1024:.1f} MB, 200 {growth_200 / 1024:.1f} MB"
    )
    # 150 more pages are ~15 MB of HTML (~45 MB as bytes + text + cleaned); streaming keeps the growth flat.
    assert growth_200 <= growth_50 + 15 * 1024
