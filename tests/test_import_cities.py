"""tools/import_cities.py: the committed cities.jsonl is what the tool writes, and its selection rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tool_loader import load_tool

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tasks" / "data" / "actors" / "cities.jsonl"


imp = load_tool("import_cities")


def _names() -> dict[str, str]:
    out = {}
    for line in OUT.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        rec = json.loads(line)
        out.update({n: rec["code"] for n in rec["names"]})
    return out


def test_committed_file_is_what_the_tool_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "cities.jsonl"
    monkeypatch.setattr(imp, "OUT", out)
    assert imp.main() == 0
    assert out.read_bytes() == OUT.read_bytes()


def test_selection() -> None:
    names = _names()
    assert names["Chicago"] == "USA" and names["Los Angeles"] == "USA"  # Los Angeles, Chile, is far smaller
    assert names["Karachi"] == "PAK"
    assert "Birmingham" not in names  # England and Alabama: no country dominates
    assert "Houston" not in names  # more often a person (PERSON_NAMES)
    assert "Washington" not in names and "Moscow" not in names  # already a capital in countries.jsonl
