"""newsevents/serve.py: prefect.yaml is read into the deployments `newsevents serve` serves, and the
`newsevents server` environment keeps Prefect's state under the data folder. No server here (see
tests/test_prefect_server.py for the real one)."""

from __future__ import annotations

import inspect
import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from newsevents import serve as ops
from tests.conftest import REPO


def test_serve_project_yaml_declares_the_three_deployments() -> None:
    specs = {s.name: s for s in ops.load_specs(REPO / "prefect.yaml")}
    assert set(specs) == {"ingest-feeds", "ingest-paths", "reprocess"}
    assert specs["ingest-feeds"].schedules == [{"cron": "0 * * * *", "timezone": "UTC", "active": True}]
    assert "feed_files" in specs["ingest-feeds"].parameters
    assert specs["ingest-paths"].parameters == {"paths": []}  # db and the rest: the settings
    assert specs["ingest-paths"].schedules == [] and specs["reprocess"].schedules == []
    assert specs["reprocess"].entrypoint == "flows/reprocess.py:reprocess"


@pytest.mark.parametrize("name", ["ingest-feeds", "ingest-paths", "reprocess"])
def test_serve_yaml_parameters_are_flow_parameters(name: str) -> None:
    """A parameter the flow does not take would fail every run of the deployment."""
    spec = next(s for s in ops.load_specs(REPO / "prefect.yaml") if s.name == name)
    flow_obj = ops.load_flow(spec.entrypoint)
    accepted = set(inspect.signature(flow_obj.fn).parameters)
    assert set(spec.parameters) <= accepted, set(spec.parameters) - accepted


def test_serve_build_deployments_applies_db_and_schedules() -> None:
    deployments = ops.build_deployments(ops.load_specs(REPO / "prefect.yaml"), db="/tmp/x.duckdb")
    by_name = {d.name: d for d in deployments}
    assert set(by_name) == {"ingest-feeds", "ingest-paths", "reprocess"}
    assert all(d.parameters["db"] == "/tmp/x.duckdb" for d in deployments)
    feeds = by_name["ingest-feeds"]
    assert len(feeds.schedules) == 1 and feeds.schedules[0].schedule.cron == "0 * * * *"
    assert not by_name["ingest-paths"].schedules
    assert by_name["reprocess"].entrypoint == "flows.reprocess.reprocess"


def test_serve_only_selects_and_rejects_unknown_names() -> None:
    specs = ops.load_specs(REPO / "prefect.yaml")
    assert [d.name for d in ops.build_deployments(specs, only=["reprocess"])] == ["reprocess"]
    with pytest.raises(ops.ServeError, match="no deployment named nope"):
        ops.build_deployments(specs, only=["nope"])


@pytest.mark.parametrize(
    ("schedule", "check"),
    [
        ({"interval": 5}, lambda s: s.interval == timedelta(seconds=5)),
        ({"cron": "*/5 * * * *", "timezone": "UTC"}, lambda s: s.cron == "*/5 * * * *"),
        ({"rrule": "FREQ=DAILY"}, lambda s: "FREQ=DAILY" in s.rrule),
    ],
)
def test_serve_build_schedule_kinds(schedule: dict, check) -> None:
    assert check(ops.build_schedule(schedule))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("deployments: []\n", "declares no deployments"),
        ("deployments:\n  - name: x\n", "needs a name and an entrypoint"),
        ("deployments: [\n", "cannot read"),
    ],
)
def test_serve_bad_yaml_is_a_clear_error(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "prefect.yaml"
    path.write_text(text)
    with pytest.raises(ops.ServeError, match=message):
        ops.load_specs(path)


def test_serve_bad_schedule_and_entrypoint_are_clear_errors() -> None:
    with pytest.raises(ops.ServeError, match="needs one of cron"):
        ops.build_schedule({"timezone": "UTC"})
    with pytest.raises(ops.ServeError, match="cannot load flow"):
        ops.load_flow("flows/nothing.py:nope")


def test_server_env_keeps_state_under_the_data_folder(tmp_path: Path) -> None:
    env = ops.server_env(tmp_path / "data", port=4321)
    assert env["PREFECT_HOME"] == str((tmp_path / "data" / "prefect").resolve())
    assert env["PREFECT_SERVER_API_HOST"] == "127.0.0.1"
    assert env["PREFECT_SERVER_API_PORT"] == "4321"
    assert env["PREFECT_UI_API_URL"] == "http://127.0.0.1:4321/api"
    assert env["PREFECT_SERVER_ANALYTICS_ENABLED"] == "false"
    assert "PREFECT_API_URL" not in env
    storage = ops.results_env(tmp_path / "data")["PREFECT_RESULTS_LOCAL_STORAGE_PATH"]
    assert storage == str((tmp_path / "data" / "prefect" / "storage").resolve())


def test_serve_fails_clearly_without_an_api(monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from newsevents.cli import app

    monkeypatch.delenv("PREFECT_API_URL", raising=False)
    result = CliRunner().invoke(app, ["serve", "--api-url", "http://127.0.0.1:9/api"])
    assert result.exit_code == 2
    assert "does not answer" in result.output


def _dead_pid() -> int:
    """The pid of a process that has exited (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_server_state_file_round_trips_and_stale_ones_are_ignored(tmp_path: Path) -> None:
    """find_server needs a live pid and a healthy API: a file left by a killed server, or one whose pid
    lives but whose API does not answer, finds nothing."""
    data = tmp_path / "data"
    assert ops.find_server(data) is None  # no file
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]  # nothing listens here once the socket is closed
    alive = ops.ServerState(f"http://127.0.0.1:{closed}/api", f"http://127.0.0.1:{closed}", 0, str(data))
    path = ops.write_state(data, alive)
    assert path == data / "prefect" / "server.json"
    assert ops.read_state(data) == alive
    for pid in (_dead_pid(), 0):
        ops.write_state(data, ops.ServerState(alive.api_url, alive.ui_url, pid, str(data)))
        assert ops.find_server(data) is None
    ops.write_state(data, ops.ServerState(alive.api_url, alive.ui_url, os.getpid(), str(data)))
    assert ops.find_server(data, timeout=0.5) is None  # alive, but no API answers
    ops.remove_state(data, pid=os.getpid() + 1)  # someone else's file: kept
    assert path.exists()
    ops.remove_state(data, pid=os.getpid())
    assert not path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("{not json")
    assert ops.read_state(data) is None and ops.find_server(data) is None


def test_serve_prefect_home_goes_under_the_data_folder_unless_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newsevents.prefect_env import prefect_home_env

    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("PREFECT_HOME", raising=False)
    monkeypatch.delenv("PREFECT_PROFILES_PATH", raising=False)
    prefect_home_env(tmp_path / "data")
    assert os.environ["PREFECT_HOME"] == str((tmp_path / "data" / "prefect").resolve())
    assert (tmp_path / "data" / "prefect").is_dir()  # Prefect itself would not create data/ first
    assert "PREFECT_PROFILES_PATH" not in os.environ  # no profiles of the user's to keep

    (home / ".prefect").mkdir(parents=True)
    (home / ".prefect" / "profiles.toml").write_text('active = "default"\n')
    monkeypatch.delenv("PREFECT_HOME")
    prefect_home_env(tmp_path / "data")  # the user's profiles (prefect config set) still apply
    assert os.environ["PREFECT_PROFILES_PATH"] == str(home / ".prefect" / "profiles.toml")

    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "mine"))
    prefect_home_env(tmp_path / "data")
    assert os.environ["PREFECT_HOME"] == str(tmp_path / "mine")  # what the user set wins


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_serve_temporary_server_of_an_ingest_keeps_its_state_in_the_data_folder(tmp_path: Path) -> None:
    """`newsevents ingest --orchestrator prefect` with no Prefect API configured: the temporary server's
    database and every other piece of Prefect state land in <data_dir>/prefect, none in ~/.prefect."""
    import spacy

    model = tmp_path / "blank_en"
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(model)
    story = tmp_path / "story.txt"
    story.write_text("Home test\n\n" + "The council met on Monday to discuss where state is kept. " * 5)
    home, data = tmp_path / "home", tmp_path / "data"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "NEWSEVENTS_"))}
    env.update(HOME=str(home), NEWSEVENTS_DATA_DIR=str(data), PYTHONPATH=str(REPO))
    done = subprocess.run(
        [sys.executable, "-m", "newsevents.cli", "ingest", str(story), "--db", str(tmp_path / "h.duckdb"),
         "--model", str(model), "--workers", "1", "--orchestrator", "prefect", "--json"],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=540,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert '"loaded": 1' in done.stdout
    assert (data / "prefect" / "prefect.db").is_file()  # the temporary server's database
    assert list((data / "prefect" / "storage").glob("newsevents-*"))  # cached task results
    assert not (home / ".prefect").exists()
