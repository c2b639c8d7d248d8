"""tools/import_subdivisions.py: Chinese subdivision names without their pinyin type, English names, and the
committed subdivisions.jsonl reproduced by the tool."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
TOOL = REPO / "tools" / "import_subdivisions.py"
OUT = REPO / "tasks" / "data" / "actors" / "subdivisions.jsonl"


def _load_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("import_subdivisions", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


imp = _load_tool()


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Xinjiang Uygur Zizhiqu", {"Xinjiang Uygur Zizhiqu", "Xinjiang"}),
        ("Nei Mongol Zizhiqu", {"Nei Mongol Zizhiqu", "Nei Mongol", "Inner Mongolia"}),
        ("Anhui Sheng", {"Anhui Sheng", "Anhui"}),
        ("Avtonomna Respublika Krym", {"Avtonomna Respublika Krym", "Crimea"}),
        ("Texas", {"Texas"}),
    ],
)
def test_short_names(name: str, expected: set[str]) -> None:
    assert imp.short_names(name) == expected


def test_committed_file_is_what_the_tool_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "subdivisions.jsonl"
    monkeypatch.setattr(imp, "OUT", out)
    monkeypatch.setattr(imp, "REPO", REPO)
    assert imp.main() == 0
    assert out.read_bytes() == OUT.read_bytes()
