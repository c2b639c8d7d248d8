"""Settings precedence: defaults < newsevents.toml < NEWSEVENTS_* environment < CLI flags."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from newsevents.settings import load_settings
from tests.conftest import REPO


def test_settings_precedence(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for var in ("NEWSEVENTS_BATCH_SIZE", "NEWSEVENTS_WORKERS", "NEWSEVENTS_DB", "NEWSEVENTS_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    assert load_settings().batch_size == 50
    (tmp_path / "newsevents.toml").write_text(
        'batch_size = 20\nworkers = 2\ndb = "x.duckdb"\n[fetch]\nretries = 7\n'
    )
    s = load_settings()
    assert (s.batch_size, s.workers, str(s.db), s.fetch.retries) == (20, 2, "x.duckdb", 7)
    monkeypatch.setenv("NEWSEVENTS_BATCH_SIZE", "30")
    monkeypatch.setenv("NEWSEVENTS_FETCH__RETRIES", "1")
    s = load_settings()
    assert (s.batch_size, s.workers, s.fetch.retries) == (30, 2, 1)
    s = load_settings(batch_size=40, workers=None)
    assert (s.batch_size, s.workers) == (40, 2)


def test_settings_reject_invalid_values(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEWSEVENTS_BATCH_SIZE", "0")
    with pytest.raises(ValueError, match="batch_size"):
        load_settings()


def test_settings_config_file_from_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = tmp_path / "elsewhere.toml"
    cfg.write_text("min_words = 3\n")
    monkeypatch.setenv("NEWSEVENTS_CONFIG", str(cfg))
    assert load_settings().min_words == 3


def test_settings_workers_default_to_the_cpus_this_process_may_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for var in ("NEWSEVENTS_WORKERS", "NEWSEVENTS_CONFIG"):
        monkeypatch.delenv(var, raising=False)
    assert load_settings().workers == len(os.sched_getaffinity(0))
    # A narrower affinity mask (taskset, a container's cpuset) is what counts, not the machine's cores.
    pinned = subprocess.run(
        [sys.executable, "-c", "import os; os.sched_setaffinity(0, {min(os.sched_getaffinity(0))}); "
         "from tasks.settings import load_settings; print(load_settings().workers)"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert pinned.stdout.strip() == "1", pinned.stderr
    assert load_settings(workers=1).workers == 1


def test_settings_workers_help_says_what_a_worker_costs() -> None:
    from typer.testing import CliRunner

    from newsevents.cli import app
    from tasks.executor import WORKER_MEMORY_MB

    for command in ("ingest", "reprocess"):
        text = " ".join(CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"}).stdout.split())
        assert f"about {WORKER_MEMORY_MB} MB of memory per worker" in text, command
        assert "--workers 1 on a small machine" in text


def test_settings_reach_the_extract_stage(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``keep_weak_statements`` from newsevents.toml reaches the extract options and the extractor version;
    the gazetteer's cache folder is under ``data_dir`` and stays out of the options' repr (task cache key)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NEWSEVENTS_KEEP_WEAK_STATEMENTS", raising=False)
    plain = load_settings().extract_options()
    assert (plain.keep_weak_statements, plain.variant) == (False, "")
    (tmp_path / "newsevents.toml").write_text('keep_weak_statements = true\ndata_dir = "state"\n')
    s = load_settings()
    options = s.extract_options()
    assert options.keep_weak_statements and options.variant == "+weakstatements"
    assert s.extractor_version().endswith("+weakstatements")
    assert options.cache_dir == str((tmp_path / "state" / "cache").resolve())
    assert "cache_dir" not in repr(options)
