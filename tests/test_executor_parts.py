"""A batch spread over the worker processes (tasks/executor.py ``split_even``, ``run_cpu_parts``;
tasks/extract.py ``merge_extracted``): parts of about equal length, in order, and the same rows as one
process."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tasks.executor import split_even

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


@given(st.lists(st.integers(min_value=0, max_value=5000), max_size=60), st.integers(min_value=1, max_value=8))
def test_executor_split_even_keeps_order_and_balances(weights: list[int], parts: int) -> None:
    items = list(enumerate(weights))
    out = split_even(items, parts, lambda x: x[1])
    assert [x for part in out for x in part] == items  # every item once, in order
    assert all(out) and len(out) <= parts
    if items:
        total = sum(max(1, w) for w in weights)
        heaviest = max(max(1, w) for w in weights)
        # no part carries more than an equal share plus one item
        assert all(sum(max(1, w) for _, w in part) <= total / parts + heaviest for part in out)


def test_executor_split_even_spreads_a_small_last_batch() -> None:
    """The 11 pages left at the end of a run go to both workers, not to one while the other waits."""
    out = split_even(list(range(11)), 2, lambda _: 600)
    assert [len(p) for p in out] == [6, 5]
    assert split_even(["one page"], 2, len) == [["one page"]]


def test_executor_merge_extracted_concatenates_parts_in_order() -> None:
    from tasks.extract import merge_extracted

    a = (["A"], {"events": [{"e": 1}], "sentences": [{"s": 1}]}, [])
    b = (["B"], {"events": [{"e": 2}], "quotes": [{"q": 1}]}, ["reject"])
    kept, rows, rejects = merge_extracted([a, b])  # type: ignore[arg-type]
    assert kept == ["A", "B"] and rejects == ["reject"]
    assert rows["events"] == [{"e": 1}, {"e": 2}]
    assert rows["sentences"] == [{"s": 1}] and rows["quotes"] == [{"q": 1}]
    assert set(rows) >= {"events", "sentences", "entities", "event_mentions", "quotes"}


_TABLES = {
    "events": "select * exclude (extractor_version) from events order by event_id",
    "event_mentions": "select * from event_mentions order by event_id, mention_idx",
    "sentences": "select * from sentences order by article_id, sentence_idx",
    "entities": "select * from entities order by article_id, start_char, end_char",
    "quotes": "select * from quotes order by article_id, quote_idx",
}


@pytest.mark.integration
@pytest.mark.model
def test_executor_two_workers_write_the_rows_of_one(tmp_path: Path) -> None:
    """The seeds in one batch: with two workers the batch is parsed in two parts at once, and every row is
    the one a single process writes."""
    import duckdb

    from flows.ingest import ingest
    from tasks import executor

    got = {}
    for workers in (1, 2):
        executor.shutdown()
        db = tmp_path / f"w{workers}.duckdb"
        summary = ingest.fn(paths=[str(SEEDS)], db=str(db), options={"workers": workers, "batch_size": 50})
        assert summary["loaded"] == 5
        assert (executor._pool is not None) == (workers > 1)
        with duckdb.connect(str(db), read_only=True) as conn:
            got[workers] = {t: conn.execute(q).fetchall() for t, q in _TABLES.items()}
    executor.shutdown()
    assert got[1]["events"], "the seeds have events"
    for table in _TABLES:
        assert got[2][table] == got[1][table], table
