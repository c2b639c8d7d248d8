"""The benchmark harness end to end on a tiny corpus (no timing assertions), and its helpers."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench import corpus, extraction_f1, run
from tests.conftest import SEEDS

PAGE = SEEDS / "001_tbilisi_protest.html"


@pytest.mark.model
@pytest.mark.integration
def test_bench_harness_runs_end_to_end_and_writes_the_table(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(PAGE, pages / PAGE.name)
    out = tmp_path / "BENCHMARKS.md"
    out.write_text(
        "# Benchmarks\n\nHand-written notes stay.\n\n## Results\n\n" + run.BEGIN + "\nold\n" + run.END + "\n"
    )
    code = run.main(
        ["--corpus", str(pages), "-n", "3", "--small-n", "2", "--workers", "1", "--repeat", "1",
         "--load-rows", "400", "--load-bulk-batch", "10", "--out", str(out),
         "--results-dir", str(tmp_path / "res"), "--workdir", str(tmp_path / "work"), "--quiet"]
    )  # fmt: skip
    assert code == 0
    text = out.read_text()
    assert "Hand-written notes stay." in text and "\nold\n" not in text
    for label in ("(a) bare trafilatura", "(b) bare `nlp.pipe`", "(c) `newsevents ingest`", "(d) re-run",
                  "start-up", "`load_batch` alone", "flow cost c / (a + b)", "re-run / first run",
                  "DuckDB load", "python -m bench.run --corpus"):  # fmt: skip
        assert label in text, label
    results = json.loads(next((tmp_path / "res").glob("bench-*.json")).read_text())
    runs = results["runs"]
    flow = runs["c_flow/w1"][0]["result"]
    assert flow["inputs"] == 3 and flow["loaded"] >= 1 and flow["loaded"] + flow["duplicates"] == 3
    assert runs["d_rerun/w1"][0]["result"]["unchanged"] + runs["d_rerun/w1"][0]["result"]["duplicates"] == 3
    assert runs["c_flow/w1"][0]["rss_mb"] > 0 and runs["c_flow/w1"][0]["cpu_s"] > 0
    assert runs["b_spacy/w1"][0]["result"]["parsed_texts"] == flow["loaded"]  # the same texts as the flow
    assert runs["load/b10"][0]["result"]["child_rows"] >= 400


def test_bench_corpus_copies_clean_to_distinct_texts(tmp_path: Path) -> None:
    from tasks.clean import CleanOptions, clean_document
    from tasks.sources.local import read_file

    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(PAGE, pages / PAGE.name)
    paths = corpus.materialize(pages, 3, tmp_path / "docs")
    assert len(paths) == 3 and sorted(p.name for p in paths) == [p.name for p in paths]
    texts = {clean_document(read_file(p, 10**7), CleanOptions()).text for p in paths}  # type: ignore[arg-type]
    assert len(texts) == 3
    assert corpus.materialize(pages, 3, tmp_path / "docs") == paths  # reused, not rewritten


@pytest.mark.parametrize(
    ("true", "pred", "expected"),
    [
        ("a b c d e", "a b c d e", (1.0, 0.0, 0.0)),
        ("a b c d e", "", (0.0, 0.0, 1.0)),
        ("", "x y z w", (0.0, 1.0, 0.0)),
        ("", "", (0.0, 0.0, 0.0)),
        ("a b c d e", "a b c d", (0.5, 0.0, 0.5)),  # one of two true 4-grams found
    ],
)
def test_bench_f1_page_counts(true: str, pred: str, expected: tuple[float, float, float]) -> None:
    assert extraction_f1.page_counts(true, pred) == pytest.approx(expected)


def test_bench_f1_score_averages_pages_then_combines() -> None:
    perfect, half_recall, empty_pred = (1.0, 0.0, 0.0), (0.5, 0.0, 0.5), (0.0, 0.0, 1.0)
    result = extraction_f1.score([perfect, half_recall, empty_pred])
    assert result["precision"] == pytest.approx(1.0)  # the empty prediction has no precision to average
    assert result["recall"] == pytest.approx((1.0 + 0.5 + 0.0) / 3)
    assert result["f1"] == pytest.approx(2 * 1.0 * 0.5 / 1.5)


def test_bench_markdown_section_is_replaced_in_place(tmp_path: Path) -> None:
    doc = tmp_path / "B.md"
    run.write_markdown(doc, "first\n")
    doc.write_text(doc.read_text() + "\n## Profile\n\nkept\n")
    run.write_markdown(doc, "second\n")
    text = doc.read_text()
    assert "second" in text and "first" not in text and "kept" in text
    assert text.count(run.BEGIN) == 1


@pytest.mark.model
@pytest.mark.integration
def test_bench_memory_ingests_from_a_loopback_feed_and_writes_its_table(tmp_path: Path) -> None:
    from bench import memory

    pages = tmp_path / "pages"
    pages.mkdir()
    shutil.copy(PAGE, pages / PAGE.name)
    out = tmp_path / "BENCHMARKS.md"
    out.write_text("# Benchmarks\n\nHand-written notes stay.\n")
    code = memory.main(
        ["--corpus", str(pages), "--sizes", "2", "3", "--workers", "1", "--out", str(out),
         "--results-dir", str(tmp_path / "res"), "--workdir", str(tmp_path / "work")]
    )  # fmt: skip
    assert code == 0
    text = out.read_text()
    assert "Hand-written notes stay." in text and memory.BEGIN in text and memory.END in text
    assert "| peak RSS 3 vs 2 docs, 1 worker(s) |" in text
    results = json.loads(next((tmp_path / "res").glob("memory-*.json")).read_text())
    for n in (2, 3):  # every page reached the flow through the feed, fetched from 127.0.0.1
        (run_,) = results["runs"][f"{n}/w1"]
        assert run_["result"]["inputs"] == n and run_["result"]["accounting_ok"], run_["result"]
        assert run_["rss_mb"] > 0
