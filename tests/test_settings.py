"""Settings precedence: defaults < newsevents.toml < NEWSEVENTS_* environment < CLI flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsevents.settings import load_settings


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
