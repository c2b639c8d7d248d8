"""The real-news gold is reproducible: adjudicating the two annotators' records with the recorded decisions
gives bench/gold/gold.jsonl byte for byte, and every anchor is a verbatim piece of its page's article body."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import bench_path

REPO = Path(__file__).resolve().parents[1]
GOLD = REPO / "bench" / "gold"


def test_gold_is_reproduced_from_annotations_and_decisions(tmp_path: Path) -> None:
    articles = bench_path("articles", "ground-truth.json")
    out, disputes = tmp_path / "gold.jsonl", tmp_path / "disputes.jsonl"
    cmd = [sys.executable, str(REPO / "tools" / "adjudicate_gold.py"), "--articles", str(articles)]
    subprocess.run([*cmd, "--out", str(out), "--disputes", str(disputes)], check=True, capture_output=True)
    assert out.read_bytes() == (GOLD / "gold.jsonl").read_bytes()
    assert disputes.read_text() == ""  # every dispute has a decision


def test_gold_anchors_are_verbatim_and_pages_listed() -> None:
    bodies = json.loads(bench_path("articles", "ground-truth.json").read_text(encoding="utf-8"))
    pages = {line.split("\t")[0] for line in (GOLD / "pages.tsv").read_text().splitlines()[1:]}
    records = [json.loads(line) for line in (GOLD / "gold.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(pages) == 31 and sum(r["required"] for r in records) == 87
    for r in records:
        assert r["article"] in pages
        for anchor in [r["anchor"], *r.get("anchors", [])]:
            assert anchor in bodies[r["article"]]["articleBody"], (r["id"], anchor)
