"""tools/import_subdivisions.py: Chinese subdivision names without their pinyin type, English names, and the
committed subdivisions.jsonl reproduced by the tool."""

from __future__ import annotations

from pathlib import Path

import pytest
from tool_loader import load_tool

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "tasks" / "data" / "actors" / "subdivisions.jsonl"


imp = load_tool("import_subdivisions")


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
