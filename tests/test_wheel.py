"""Installed, not only editable: build the wheel, install it into a fresh virtual environment, and run it
from another folder. The wheel's own packed copies of sql/ and prefect.yaml must win over stray ones that
another distribution left in site-packages.

Offline: the wheel is built with the dev environment's hatchling (no build isolation), installed without
its dependencies, and the fresh environment reuses the dev environment's packages through a .pth line
(a directory added that way is on sys.path, but its own .pth files, such as the editable install's hook,
are not run), so nothing is downloaded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow


def run(
    cmd: list[str], cwd: Path, env: dict[str, str], timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{cmd}\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The wheel installed in a fresh venv whose site-packages also holds a decoy sql/ and prefect.yaml."""
    root = tmp_path_factory.mktemp("wheel")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "NEWSEVENTS_", "PIP_"))}
    build = ["wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(root / "dist"), str(REPO)]
    run([sys.executable, "-m", "pip", *build], cwd=root, env=env)
    (wheel,) = (root / "dist").glob("newsevents-*.whl")
    venv = root / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=root, env=env)
    python = venv / "bin" / "python"
    run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", str(wheel)],
        cwd=root, env=env)  # fmt: skip
    site = Path(run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                    cwd=root, env=env).stdout.strip())  # fmt: skip
    (site / "zz_dev_dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    # What another distribution might leave in site-packages: never to be read by newsevents.
    (site / "sql" / "schema").mkdir(parents=True)
    (site / "sql" / "schema" / "000_decoy.sql").write_text("SELECT error('decoy sql/ was read');\n")
    (site / "prefect.yaml").write_text("deployments: []\n")
    work = root / "elsewhere"
    work.mkdir()
    return {"python": python, "bin": venv / "bin", "site": site, "work": work, "root": root}


def env_for(installed: dict[str, Path]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "NEWSEVENTS_", "PREFECT_API"))}
    env.update(PREFECT_HOME=str(installed["root"] / "prefect"), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    return env


def test_wheel_imports_its_own_packed_files(installed: dict[str, Path]) -> None:
    code = (
        "import json, flows, newsevents, tasks; from tasks.paths import sql_dir; "
        "from newsevents.serve import load_specs, prefect_yaml_path; "
        "print(json.dumps({'modules': [m.__file__ for m in (newsevents, flows, tasks)], "
        "'sql': str(sql_dir()), 'yaml': str(prefect_yaml_path()), 'deployments': len(load_specs()), "
        "'version': newsevents.__version__}))"
    )
    got = json.loads(
        run([str(installed["python"]), "-c", code], installed["work"], env_for(installed)).stdout
    )
    site = str(installed["site"])
    assert all(m.startswith(site) for m in got["modules"]), got  # not the checkout
    assert got["sql"] == f"{site}/tasks/_sql" and got["yaml"] == f"{site}/newsevents/_prefect.yaml"
    assert got["deployments"] == 3 and got["version"] != "0+unknown"


def test_wheel_ingests_a_sample_and_serves_help_from_another_folder(installed: dict[str, Path]) -> None:
    newsevents = str(installed["bin"] / "newsevents")
    env = env_for(installed)
    sample = installed["site"] / "newsevents" / "_seeds"
    args = ["ingest", str(sample), "--db", "here.duckdb", "--json", "--orchestrator", "local"]
    result = run([newsevents, *args], installed["work"], env)
    summary = json.loads(result.stdout)
    assert summary["accounting_ok"] and summary["loaded"] > 0 and summary["rejected"] == 0
    assert (installed["work"] / "here.duckdb").is_file()
    help_text = run([newsevents, "serve", "--help"], installed["work"], env).stdout
    assert "Serve the deployments of prefect.yaml" in help_text
