"""Guard against regressions on real news: `eval news` on the development set (bench/gold) must not fall
more than 0.02 below the country-level F1 recorded in docs/QUALITY.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import bench_path

REPO = Path(__file__).resolve().parents[1]
RECORDED = re.compile(r"<!-- eval-news: country_f1=([0-9.]+) precision=([0-9.]+) recall=([0-9.]+) -->")
TOLERANCE = 0.02


def recorded() -> tuple[float, float, float]:
    m = RECORDED.search((REPO / "docs" / "QUALITY.md").read_text(encoding="utf-8"))
    assert m, "docs/QUALITY.md must record the development-set figures in an eval-news comment"
    f1, p, r = (float(x) for x in m.groups())
    return f1, p, r


def test_eval_news_guard_records_figures() -> None:
    f1, p, r = recorded()
    assert 0 < f1 <= 1 and 0 < p <= 1 and 0 < r <= 1
    assert abs(f1 - 2 * p * r / (p + r)) < 0.002  # the recorded F1 is the recorded P and R's


@pytest.mark.integration
@pytest.mark.model
def test_eval_news_guard_country_f1_does_not_drop(tmp_path: Path) -> None:
    from newsevents.evaluate import evaluate_news

    pages = bench_path("articles", "html")
    result = evaluate_news(
        REPO / "bench" / "gold" / "gold.jsonl", pages_dir=pages, save_db=tmp_path / "dev.duckdb"
    )
    assert result["pages_found"] == result["pages"] - len(result["pages_missing"])
    assert not result["pages_missing"], result["pages_missing"]
    f1, _, _ = recorded()
    got = result["country"]["f1"]
    assert got >= f1 - TOLERANCE, f"country F1 {got} fell more than {TOLERANCE} below the recorded {f1}"
