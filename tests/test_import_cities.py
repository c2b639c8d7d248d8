"""tools/import_cities.py: the committed cities.jsonl is what the tool writes, and its selection rules."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
TOOL = REPO / "tools" / "import_cities.py"
OUT = REPO / "tasks" / "data" / "actors" / "cities.jsonl"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_cities", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


imp = _load_tool()


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
