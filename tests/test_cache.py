"""Caching of the clean and extract task runs: keyed on content hashes plus the extractor version.

Unit tests of the key; then real task runs in the Prefect test harness: the same batch in a second flow
run is Cached, a new extractor version redoes it. (Across processes: tests/test_prefect_server.py.)
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import tasks.version
from tasks.cache import batch_key, clean_cache_key, extract_cache_key
from tasks.clean import CleanOptions, clean_batch
from tasks.extract import ExtractOptions
from tasks.records import Hints, RawDocument
from tasks.stage_tasks import clean_batch_task, extract_batch_task

TEXT = "A headline\n\nThe ministers met in Geneva on Monday and agreed to talk again next week about trade."


def _doc(ref: str = "a.txt", data: bytes | str = TEXT.encode(), **kw: Any) -> RawDocument:
    return RawDocument(input_ref=ref, origin="file", kind="text", data=data, **kw)


def _key(docs: list[RawDocument], options: CleanOptions | None = None, **params: Any) -> str:
    return clean_cache_key(None, {"docs": docs, "options": options or CleanOptions(), **params})


@pytest.fixture
def bump_version(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    def bump(code: str = "99.0.0") -> None:
        monkeypatch.setattr(tasks.version, "CODE_VERSION", code)
        tasks.version.data_fingerprint.cache_clear()

    yield bump
    tasks.version.data_fingerprint.cache_clear()


def test_cache_key_is_stable_and_a_safe_file_name() -> None:
    key = _key([_doc(), _doc("b.txt")])
    assert key == _key([_doc(), _doc("b.txt")])
    assert re.fullmatch(r"newsevents-clean-[0-9a-f]{64}", key)


def test_cache_key_ignores_workers_only() -> None:
    assert _key([_doc()], workers=1) == _key([_doc()], workers=4)


@pytest.mark.parametrize(
    "other",
    [
        [_doc(data=(TEXT + " More.").encode())],  # new content
        [_doc(ref="b.txt")],  # same content under another input: rows carry the reference
        [_doc(hints=Hints(title="Another title"))],  # hints change the cleaned article
        [_doc(url="https://example.test/x")],
        [_doc(headers={"content-type": "text/plain; charset=latin-1"})],
        [_doc(), _doc("b.txt")],  # a different batch
    ],
)
def test_cache_key_changes_with_what_changes_the_output(other: list[RawDocument]) -> None:
    assert _key(other) != _key([_doc()])


@pytest.mark.parametrize(
    "params",
    [
        {"options": CleanOptions(min_words=3)},
        {"options": CleanOptions(fast=True)},
        {"strict": True},
        {"model": "x"},
    ],
)
def test_cache_key_changes_with_options(params: dict[str, Any]) -> None:
    assert _key([_doc()], **params) != _key([_doc()])


def test_cache_key_changes_with_the_extractor_version(bump_version: Any) -> None:
    before = _key([_doc()])
    articles, _ = clean_batch([_doc()], CleanOptions())
    extract_before = extract_cache_key(None, {"articles": articles, "options": ExtractOptions()})
    bump_version()
    assert _key([_doc()]) != before
    assert extract_cache_key(None, {"articles": articles, "options": ExtractOptions()}) != extract_before


def test_cache_extract_key_follows_article_ids() -> None:
    (a,), _ = clean_batch([_doc()], CleanOptions())
    (b,), _ = clean_batch([_doc(data=(TEXT + " Again.").encode())], CleanOptions())
    opts = ExtractOptions()
    key_a = extract_cache_key(None, {"articles": [a], "options": opts})
    assert key_a == extract_cache_key(None, {"articles": [a], "options": opts})
    assert key_a != extract_cache_key(None, {"articles": [b], "options": opts})
    assert key_a.startswith("newsevents-extract-")
    assert batch_key("extract", [a], opts, False, None) == key_a


# ---------------------------------------------------------------------------------------------- task runs


@pytest.fixture
def results_dir(prefect_harness: None, tmp_path: Path) -> Iterator[Path]:
    from prefect.settings import PREFECT_RESULTS_LOCAL_STORAGE_PATH, temporary_settings

    storage = tmp_path / "storage"
    with temporary_settings({PREFECT_RESULTS_LOCAL_STORAGE_PATH: storage}):
        yield storage


def _probe_clean(docs: list[RawDocument]) -> tuple[str, int]:
    from prefect import flow

    @flow(name="cache-probe-clean")
    def probe() -> tuple[str, int]:
        state = clean_batch_task.with_options(task_run_name="clean-batch-1")(
            docs, CleanOptions(), return_state=True
        )
        articles, _ = state.result()
        return str(state.name), len(articles)

    return probe()


@pytest.mark.integration
def test_cache_clean_task_reuses_results_across_flow_runs(results_dir: Path, bump_version: Any) -> None:
    docs = [_doc("cache-1.txt"), _doc("cache-2.txt", data=(TEXT + " Two.").encode())]
    assert _probe_clean(docs) == ("Completed", 2)
    assert _probe_clean(docs) == ("Cached", 2)
    assert any(p.name.startswith("newsevents-clean-") for p in results_dir.iterdir())
    assert _probe_clean([*docs, _doc("cache-3.txt", data=(TEXT + " Three.").encode())])[0] == "Completed"
    bump_version("100.0.0")  # a new extractor redoes the work
    assert _probe_clean(docs) == ("Completed", 2)
    assert _probe_clean(docs) == ("Cached", 2)


@pytest.mark.integration
@pytest.mark.model
def test_cache_extract_task_reuses_results_across_flow_runs(results_dir: Path, bump_version: Any) -> None:
    from prefect import flow

    articles, _ = clean_batch([_doc("cache-x.txt")], CleanOptions())

    @flow(name="cache-probe-extract")
    def probe() -> tuple[str, int]:
        state = extract_batch_task(articles, ExtractOptions(), return_state=True)
        _kept, rows, _ = state.result()
        return str(state.name), len(rows["sentences"])

    first = probe()
    assert first[0] == "Completed" and first[1] > 0
    assert probe() == ("Cached", first[1])
    bump_version("101.0.0")
    assert probe() == ("Completed", first[1])
