"""The layers hold: newsevents > flows > tasks, nothing imports upward, no cycles between sibling modules.

The contract lives in pyproject.toml ([tool.importlinter]); these tests run `lint-imports` on the checkout,
and on a copy with one upward import added, to show the contract really catches it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(root / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": str(LINT_IMPORTS.parent)},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_architecture_import_contracts_are_kept() -> None:
    result = lint_imports(REPO)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        ("tasks/upward.py", "import newsevents.settings\n", "Layers"),
        ("flows/upward.py", "from newsevents import terminal\n", "Layers"),
        ("tasks/cycle_a.py", "import tasks.cycle_b\n", "No import cycles"),
        ("tasks/nlp/timing.py", "import prefect.context\n", "Stages run in worker processes"),
    ],
)
def test_architecture_contract_catches_a_bad_import(
    tmp_path: Path, module: str, line: str, broken: str
) -> None:
    for package in ("newsevents", "flows", "tasks"):
        shutil.copytree(
            REPO / package, tmp_path / package, ignore=shutil.ignore_patterns("data", "__pycache__")
        )
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    (tmp_path / module).write_text(line, encoding="utf-8")
    if "cycle_a" in module:
        (tmp_path / "tasks" / "cycle_b.py").write_text("import tasks.cycle_a\n", encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    broken_lines = [ln for ln in result.stdout.splitlines() if ln.endswith(" BROKEN")]
    assert len(broken_lines) == 1 and broken_lines[0].startswith(broken), result.stdout


def test_architecture_worker_side_stages_load_without_prefect() -> None:
    """What a worker process imports to run a clean or extract batch leaves Prefect out (it costs each worker
    about 0.75 s of CPU); the flow's own process imports it through tasks.stage_tasks."""
    code = (
        "import sys, tasks.clean, tasks.extract, tasks.nlp.components, tasks.nlp.model, tasks.executor\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'prefect'))\n"
        "import tasks.stage_tasks\n"
        "print('prefect' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120, check=True
    )
    assert result.stdout.split("\n")[:2] == ["[]", "True"], result.stdout + result.stderr
