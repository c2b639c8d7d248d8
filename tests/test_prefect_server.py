"""End to end under a real Prefect server: `newsevents server` on a free loopback port with its state in a
temporary folder, `newsevents serve` serving prefect.yaml, runs triggered through the REST API, results
checked in DuckDB and through the API (artifacts, task runs, logs), a schedule that fires on its own, two
concurrent runs on one database, and the UI's flow-run page in headless Chromium.

One server for the whole module (it takes ~10-20 s to start). Everything started here is stopped here:
each process runs in its own process group, which is sent SIGTERM twice (Prefect can ignore the first,
see FACTS.md), then SIGKILL.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.conftest import SEEDS

pytestmark = [pytest.mark.slow, pytest.mark.integration, pytest.mark.model]

NEWSEVENTS = str(Path(sys.executable).with_name("newsevents"))
CHROMIUM = Path("/usr/bin/chromium")
START_GUARD_S = 180.0  # give up waiting for a server or a run after this long (a hang, not a slow run)
RUN_GUARD_S = 300.0
TIMINGS: dict[str, float] = {}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Proc:
    """A process in its own process group, with its output in a log file."""

    popen: subprocess.Popen[bytes]
    log: Path

    @classmethod
    def start(cls, args: list[str], env: dict[str, str], log: Path, cwd: Path) -> Proc:
        handle = log.open("wb")
        popen = subprocess.Popen(
            args, env=env, cwd=cwd, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
        )
        handle.close()
        return cls(popen, log)

    def tail(self, n: int = 4000) -> str:
        return self.log.read_text(errors="replace")[-n:]

    def stop(self) -> None:
        pgid = self.popen.pid
        for sig, wait in ((signal.SIGTERM, 15), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pgid, sig)
            try:
                self.popen.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # Children that outlived the leader (flow-run subprocesses) are in the same group.
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)


@dataclass
class Server:
    root: Path
    port: int
    api: str
    ui: str
    env: dict[str, str]
    http: httpx.Client
    procs: list[Proc] = field(default_factory=list)

    # -- REST helpers -----------------------------------------------------------------------------
    def request(self, method: str, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
        """One API call; 429/502/503 (a busy SQLite under load) are retried with backoff, as Prefect's own
        client does."""
        for delay in (0.5, 1, 2, 4, 8, 0):
            resp = self.http.request(method, f"{self.api}{path}", json=body)
            if resp.status_code not in {429, 502, 503} or not delay:
                return resp
            time.sleep(delay)
        return resp

    def post(self, path: str, body: dict[str, Any]) -> Any:
        resp = self.request("POST", path, body)
        resp.raise_for_status()
        return resp.json()

    def get(self, path: str) -> Any:
        resp = self.request("GET", path)
        resp.raise_for_status()
        return resp.json()

    def deployment_id(self, flow: str, name: str, guard: float = 120.0) -> str:
        deadline = time.monotonic() + guard
        while time.monotonic() < deadline:
            resp = self.request("GET", f"/deployments/name/{flow}/{name}")
            if resp.status_code == 200:
                return str(resp.json()["id"])
            self._check_alive()
            time.sleep(0.5)
        pytest.fail(f"deployment {flow}/{name} never appeared\n{self._tails()}")

    def run_deployment(self, dep_id: str, parameters: dict[str, Any]) -> str:
        return str(self.post(f"/deployments/{dep_id}/create_flow_run", {"parameters": parameters})["id"])

    def wait_final(self, run_id: str, guard: float = RUN_GUARD_S) -> dict[str, Any]:
        deadline = time.monotonic() + guard
        while time.monotonic() < deadline:
            run = self.get(f"/flow_runs/{run_id}")
            if run["state"] and run["state"]["type"] in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}:
                return run
            self._check_alive()
            time.sleep(0.5)
        pytest.fail(f"flow run {run_id} did not finish\n{self._tails()}")

    def artifacts(self, run_id: str) -> dict[str, dict[str, Any]]:
        found = self.post("/artifacts/filter", {"artifacts": {"flow_run_id": {"any_": [run_id]}}})
        return {a["key"]: a for a in found}

    def task_runs(self, run_id: str) -> list[dict[str, Any]]:
        return self.post("/task_runs/filter", {"flow_runs": {"id": {"any_": [run_id]}}})

    def logs(self, run_id: str) -> list[str]:
        found = self.post("/logs/filter", {"logs": {"flow_run_id": {"any_": [run_id]}}, "limit": 200})
        return [entry["message"] for entry in found]

    def wait_log(self, run_id: str, needle: str, guard: float = 120.0) -> str:
        """The first log line of the run containing ``needle`` (logs reach the API in batches, a bit late)."""
        deadline = time.monotonic() + guard
        while time.monotonic() < deadline:
            found = [m for m in self.logs(run_id) if needle in m]
            if found:
                return found[0]
            self._check_alive()
            time.sleep(0.5)
        pytest.fail(f"no log containing {needle!r} in run {run_id}: {self.logs(run_id)}")

    def serve(self, name: str, *args: str) -> Proc:
        proc = Proc.start(
            [NEWSEVENTS, "serve", *args],
            {**self.env, "PREFECT_API_URL": self.api},
            self.root / f"{name}.log",
            self.root,
        )
        self.procs.append(proc)
        return proc

    def _check_alive(self) -> None:
        for proc in self.procs:
            if proc.popen.poll() is not None:
                pytest.fail(f"{proc.log.name} exited with {proc.popen.returncode}\n{proc.tail()}")

    def _tails(self) -> str:
        return "\n".join(f"--- {p.log.name}\n{p.tail(2500)}" for p in self.procs)


def _failed_run_message(server: Server, run: dict[str, Any]) -> str:
    return f"run ended {run['state']['type']}: {run['state'].get('message')}\n" + "\n".join(
        server.logs(run["id"])
    )


def _stage_code() -> tuple[str, ...]:
    """What the cache key depends on besides the inputs, read afresh (not from the per-process cache)."""
    from tasks.cache import code_fingerprint
    from tasks.version import CODE_VERSION, data_fingerprint

    fresh = code_fingerprint.__wrapped__  # type: ignore[attr-defined]
    data = data_fingerprint.__wrapped__()  # type: ignore[attr-defined]
    return (f"{CODE_VERSION}+{data}", fresh("clean"), fresh("extract"))


def _duck(db: Path, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    from tasks.db import connect

    conn = connect(db, read_only=True, wait_seconds=60)
    try:
        return conn.execute(sql, params or []).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """`newsevents server` on a free port; its PREFECT_HOME is <tmp>/data/prefect."""
    root = tmp_path_factory.mktemp("prefect-server")
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"PREFECT_API_URL", "PREFECT_HOME"}}
    env.update(
        NEWSEVENTS_DATA_DIR=str(root / "data"),
        PREFECT_HOME=str(root / "client-home"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
        PREFECT_LOGGING_LEVEL="INFO",  # flow-run logs (with article ids) reach the API
        PREFECT_RUNNER_POLL_FREQUENCY="2",
        PYTHONUNBUFFERED="1",
    )
    api = f"http://127.0.0.1:{port}/api"
    srv = Server(root, port, api, f"http://127.0.0.1:{port}", env, httpx.Client(timeout=30))
    t0 = time.perf_counter()
    proc = Proc.start([NEWSEVENTS, "server", "--port", str(port)], env, root / "server.log", root)
    srv.procs.append(proc)
    try:
        deadline = time.monotonic() + START_GUARD_S
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if srv.http.get(f"{api}/health", timeout=2).status_code == 200:
                    break
            if proc.popen.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"prefect server did not become healthy\n{proc.tail()}")
            time.sleep(0.25)
        TIMINGS["server_start_s"] = round(time.perf_counter() - t0, 2)
        assert (root / "data" / "prefect").is_dir(), "server state lives under the data folder"
        yield srv
    finally:
        for p in reversed(srv.procs):
            p.stop()
        srv.http.close()
        print(f"\nprefect server timings: {json.dumps(TIMINGS)}")


@pytest.fixture(scope="module")
def served(server: Server) -> dict[str, str]:
    """`newsevents serve` with the project's prefect.yaml (all three deployments); their ids by name."""
    t0 = time.perf_counter()
    server.serve("serve", "--db", str(server.root / "news.duckdb"))
    ids = {
        "ingest-paths": server.deployment_id("ingest", "ingest-paths"),
        "ingest-feeds": server.deployment_id("ingest", "ingest-feeds"),
        "reprocess": server.deployment_id("reprocess", "reprocess"),
    }
    TIMINGS["serve_ready_s"] = round(time.perf_counter() - t0, 2)
    return ids


@pytest.fixture(scope="module")
def ingest_run(server: Server, served: dict[str, str]) -> dict[str, Any]:
    """ingest-paths triggered through the API on seeds/; the finished flow run."""
    db = server.root / "news.duckdb"
    t0 = time.perf_counter()
    run_id = server.run_deployment(served["ingest-paths"], {"paths": [str(SEEDS)], "db": str(db)})
    run = server.wait_final(run_id)
    TIMINGS["ingest_paths_run_s"] = round(time.perf_counter() - t0, 2)
    assert run["state"]["type"] == "COMPLETED", _failed_run_message(server, run)
    return {"id": run_id, "run": run, "db": db}


def test_prefect_server_deployments_match_prefect_yaml(server: Server, served: dict[str, str]) -> None:
    feeds = server.get(f"/deployments/{served['ingest-feeds']}")
    assert [s["schedule"].get("cron") for s in feeds["schedules"]] == ["0 * * * *"]
    paths = server.get(f"/deployments/{served['ingest-paths']}")
    assert paths["schedules"] == [] and paths["parameters"]["db"] == str(server.root / "news.duckdb")


def test_prefect_server_ingest_feeds_deployment_reads_its_feeds_file(
    server: Server, served: dict[str, str], http_server: Any
) -> None:
    """The hourly feeds deployment, triggered now: the feeds file lists a loopback feed of two articles."""
    from httpserver import Reply, article_html, rss

    links = [http_server.route(f"/news/{i}", Reply(body=article_html(40 + i))) for i in (1, 2)]
    body = rss([(u, f"Story {i}", None) for i, u in enumerate(links)])
    feed = http_server.route("/feed.xml", Reply(body=body, content_type="application/rss+xml"))
    feeds_file = server.root / "feeds.txt"
    feeds_file.write_text(f"# feeds polled hourly\n{feed}\n")
    db = server.root / "feeds.duckdb"
    params = {"feed_files": [str(feeds_file)], "db": str(db), "fetch": {"allow_private_hosts": True}}
    run = server.wait_final(server.run_deployment(served["ingest-feeds"], params))
    assert run["state"]["type"] == "COMPLETED", _failed_run_message(server, run)
    assert sorted(_duck(db, "SELECT origin, url FROM articles")) == [("feed", u) for u in sorted(links)]
    assert "ingest-summary" in server.artifacts(run["id"])


def test_prefect_server_ingest_paths_loads_duckdb(server: Server, ingest_run: dict[str, Any]) -> None:
    db, run_id = ingest_run["db"], ingest_run["id"]
    runs = _duck(
        db,
        "SELECT run_id, status, accounting_ok, loaded, flow_name FROM runs WHERE flow_run_id = ?",
        [run_id],
    )
    assert len(runs) == 1 and runs[0][1:3] == ("completed", True) and runs[0][4] == "ingest"
    loaded = runs[0][3]
    assert loaded > 0
    assert _duck(db, "SELECT count(*) FROM articles WHERE run_id = ?", [runs[0][0]]) == [(loaded,)]
    assert _duck(db, "SELECT count(*) FROM sentences")[0][0] > 0


def test_prefect_server_run_publishes_artifacts(server: Server, ingest_run: dict[str, Any]) -> None:
    run_id, db = ingest_run["id"], ingest_run["db"]
    (ne_run_id, loaded) = _duck(db, "SELECT run_id, loaded FROM runs WHERE flow_run_id = ?", [run_id])[0]
    arts = server.artifacts(run_id)
    assert set(arts) == {
        "ingest-summary",
        "ingest-top-events",
        "ingest-top-actors",
        "ingest-rejects",
        "ingest-progress",
    }
    summary = arts["ingest-summary"]
    assert summary["type"] == "markdown"
    name = server.get(f"/flow_runs/{run_id}")["name"]
    assert summary["data"].startswith(f"# newsevents ingest · flow run `{name}` · run `{ne_run_id[:8]}`")
    assert f"- database: `{db.resolve()}`" in summary["data"]
    assert f"newsevents sql --db {db.resolve()} 'select * from runs_summary" in summary["data"]
    assert f"{loaded} loaded" in summary["data"] and "## Rows per table" in summary["data"]
    assert arts["ingest-progress"]["type"] == "progress" and float(arts["ingest-progress"]["data"]) == 100.0
    actors = json.loads(arts["ingest-top-actors"]["data"])
    assert actors and "actor" in actors[0] and actors[0]["mentions"] >= actors[-1]["mentions"]
    assert json.loads(arts["ingest-rejects"]["data"]) == [{"note": "nothing was rejected in this run"}]


def test_prefect_server_task_runs_are_named_and_logs_carry_article_ids(
    server: Server, ingest_run: dict[str, Any]
) -> None:
    run_id, db = ingest_run["id"], ingest_run["db"]
    names = {t["name"] for t in server.task_runs(run_id)}
    assert {"clean-batch-1", "extract-batch-1"} <= names
    article_ids = {r[0][:12] for r in _duck(db, "SELECT article_id FROM articles")}
    batch_log = server.wait_log(run_id, "batch 1 loaded")
    assert any(aid in batch_log for aid in article_ids), (batch_log, article_ids)


def test_prefect_server_cache_hits_in_another_flow_run_process(
    server: Server, served: dict[str, str]
) -> None:
    """Same inputs into a new database: the clean and extract task runs reuse the first run's results."""
    code_before = _stage_code()
    db = server.root / "cached.duckdb"
    first = server.wait_final(
        server.run_deployment(served["ingest-paths"], {"paths": [str(SEEDS)], "db": str(db)})
    )
    assert first["state"]["type"] == "COMPLETED", _failed_run_message(server, first)
    db2 = server.root / "cached2.duckdb"
    t0 = time.perf_counter()
    second = server.wait_final(
        server.run_deployment(served["ingest-paths"], {"paths": [str(SEEDS)], "db": str(db2)})
    )
    TIMINGS["cached_run_s"] = round(time.perf_counter() - t0, 2)
    assert second["state"]["type"] == "COMPLETED", _failed_run_message(server, second)
    states = {t["name"]: t["state"]["name"] for t in server.task_runs(second["id"])}
    if _stage_code() != code_before:
        pytest.skip("the clean/extract code or dictionaries changed during the test (a shared checkout)")
    assert states and set(states.values()) == {"Cached"}, states
    assert _duck(db2, "SELECT count(*) FROM articles") == _duck(db, "SELECT count(*) FROM articles")


def test_prefect_server_two_concurrent_runs_on_one_database(server: Server, served: dict[str, str]) -> None:
    """Two flow runs (two processes) on one DuckDB file wait for the writer instead of failing on DuckDB's
    lock, then both complete, one after the other, with nothing lost.

    To make the overlap certain, the test itself holds the writer lock while both runs start; each must log
    that it waits. Once released, the two runs compete for it like any two runs do.
    """
    from tasks.db import connect, run_checks, writer_lock

    halves = [server.root / "half-a", server.root / "half-b"]
    seeds = sorted(p for p in SEEDS.iterdir() if p.suffix in {".txt", ".html", ".jsonl"})
    assert len(seeds) >= 2
    for i, folder in enumerate(halves):
        folder.mkdir()
        for src in seeds[i::2]:
            shutil.copy(src, folder / src.name)
    db = server.root / "shared.duckdb"
    with writer_lock(db):
        run_ids = [
            server.run_deployment(served["ingest-paths"], {"paths": [str(f)], "db": str(db)}) for f in halves
        ]
        for run_id in run_ids:
            server.wait_log(run_id, "waiting for it to finish")
    runs = [server.wait_final(r) for r in run_ids]
    for run in runs:
        assert run["state"]["type"] == "COMPLETED", _failed_run_message(server, run)
    rows = _duck(
        db,
        "SELECT flow_run_id, status, accounting_ok, loaded, started_at, finished_at FROM runs "
        "ORDER BY started_at",
    )
    assert sorted(r[0] for r in rows) == sorted(run_ids)
    assert all(r[1] == "completed" and r[2] for r in rows)
    assert rows[0][5] <= rows[1][4], "the writer lock serialises the two runs"
    assert rows[0][3] > 0 and rows[1][3] > 0
    assert _duck(db, "SELECT count(*) FROM articles") == [(rows[0][3] + rows[1][3],)]
    conn = connect(db, read_only=True)
    try:
        assert run_checks(conn) == {}
    finally:
        conn.close()


def test_prefect_server_reprocess_deployment_updates_stale_rows(
    server: Server, served: dict[str, str], ingest_run: dict[str, Any]
) -> None:
    db = server.root / "stale.duckdb"
    shutil.copy(ingest_run["db"], db)
    src = Path(ingest_run["db"])
    shutil.copytree(src.with_suffix(".raw"), db.with_suffix(".raw"))  # its raw pages: the store beside it
    from tasks.db import connect

    conn = connect(db)
    conn.execute("UPDATE articles SET extractor_version = '0.0.1+old'")  # as if an older extractor wrote them
    conn.close()
    n = _duck(db, "SELECT count(*) FROM articles")[0][0]
    run = server.wait_final(server.run_deployment(served["reprocess"], {"db": str(db)}))
    assert run["state"]["type"] == "COMPLETED", _failed_run_message(server, run)
    assert _duck(db, "SELECT count(*), count(DISTINCT article_id) FROM articles") == [(n, n)]
    assert _duck(db, "SELECT count(*) FROM articles WHERE extractor_version = '0.0.1+old'") == [(0,)]
    arts = server.artifacts(run["id"])
    assert f"**{n} inputs** → {n} loaded" in arts["reprocess-summary"]["data"]


def test_prefect_server_schedule_fires_on_its_own(server: Server) -> None:
    """A deployment with a 5-second interval is picked up by the scheduler and completes, untouched."""
    db = server.root / "scheduled.duckdb"
    spec = {
        "deployments": [
            {
                "name": "ingest-every-5s",
                "entrypoint": "flows/ingest.py:ingest",
                "parameters": {"paths": [str(SEEDS)], "db": str(db)},
                "schedules": [{"interval": 5}],
            }
        ]
    }
    file = server.root / "schedule.yaml"
    file.write_text(json.dumps(spec))  # JSON is YAML
    t0 = time.perf_counter()
    proc = server.serve("serve-schedule", "--file", str(file))
    dep_id = server.deployment_id("ingest", "ingest-every-5s")
    deadline = time.monotonic() + RUN_GUARD_S
    done: dict[str, Any] | None = None
    while done is None and time.monotonic() < deadline:
        runs = server.post("/flow_runs/filter", {"flow_runs": {"deployment_id": {"any_": [dep_id]}}})
        done = next((r for r in runs if r["state"]["type"] == "COMPLETED"), None)
        failed = next((r for r in runs if r["state"]["type"] in {"FAILED", "CRASHED"}), None)
        if failed:
            pytest.fail(_failed_run_message(server, failed))
        time.sleep(1)
    TIMINGS["schedule_first_completed_s"] = round(time.perf_counter() - t0, 2)
    proc.stop()
    server.procs.remove(proc)
    assert done is not None, "no scheduled run completed"
    assert done["auto_scheduled"] is True and done["parameters"]["db"] == str(db)
    assert _duck(db, "SELECT count(*) FROM articles")[0][0] > 0


def test_prefect_server_ui_shows_the_summary_artifact(
    server: Server, ingest_run: dict[str, Any], tmp_path: Path
) -> None:
    """Headless Chromium opens the run's page in the Prefect UI and finds the summary artifact's text."""
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    ne_run_id = _duck(ingest_run["db"], "SELECT run_id FROM runs WHERE flow_run_id = ?", [ingest_run["id"]])[
        0
    ][0]
    shot = tmp_path / "flow-run-summary.png"
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=str(CHROMIUM),
            args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run",
            ],
        )  # fmt: skip
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(60_000)
            page.goto(f"{server.ui}/runs/flow-run/{ingest_run['id']}")
            page.get_by_text("Artifacts", exact=True).first.click()
            page.get_by_text("ingest-summary", exact=True).first.click()
            name = server.get(f"/flow_runs/{ingest_run['id']}")["name"]
            heading = page.get_by_text(f"newsevents ingest · flow run {name} · run {ne_run_id[:8]}")
            heading.first.wait_for(state="visible")
            assert page.get_by_text("Rejected by reason").first.is_visible()
            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    assert shot.stat().st_size > 10_000


def _cli(server: Server, args: list[str], env: dict[str, str], name: str) -> subprocess.CompletedProcess[str]:
    """`newsevents ARGS` as a user types it, in the server's folder; its output (stdout + stderr) in a log."""
    done = subprocess.run(
        [NEWSEVENTS, *args], env=env, cwd=server.root, capture_output=True, text=True, timeout=RUN_GUARD_S
    )
    (server.root / f"{name}.log").write_text(done.stdout + done.stderr)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_prefect_server_cli_ingest_logs_reach_the_ui_and_prints_its_link(server: Server) -> None:
    """`newsevents ingest` with PREFECT_API_URL set and Prefect's logging left alone: the terminal shows no
    Prefect INFO lines, but the flow run's Logs tab has the batch logs, and the CLI prints the run's page."""
    db = server.root / "cli-logs.duckdb"
    env = {k: v for k, v in server.env.items() if not k.startswith("PREFECT_LOGGING_")}
    env["PREFECT_API_URL"] = server.api
    done = _cli(server, ["ingest", str(SEEDS), "--db", str(db), "--json"], env, "cli-logs")
    summary = json.loads(done.stdout)
    run_id = summary["flow_run_id"]
    link = f"{server.ui}/runs/flow-run/{run_id}"
    lines = [line for line in done.stderr.splitlines() if link in line]
    assert lines == [f"Prefect flow run {summary['flow_run_name']}: {link}"], done.stderr
    assert summary["flow_run_url"] == link
    assert " | INFO " not in done.stderr, done.stderr  # the terminal stays quiet
    batch_log = server.wait_log(run_id, "batch 1 loaded")
    article_ids = {r[0][:12] for r in _duck(db, "SELECT article_id FROM articles")}
    assert any(aid in batch_log for aid in article_ids), (batch_log, article_ids)
    assert server.get(f"/flow_runs/{run_id}")["name"] == summary["flow_run_name"]


def _wait_state(data_dir: Path, guard: float = 60.0) -> dict[str, Any]:
    """The state file `newsevents server` writes once its API is healthy."""
    path = data_dir / "prefect" / "server.json"
    deadline = time.monotonic() + guard
    while not path.is_file():
        if time.monotonic() > deadline:
            pytest.fail(f"{path} never appeared")
        time.sleep(0.25)
    return dict(json.loads(path.read_text()))


def _flow_run_link(server: Server, stderr: str) -> str:
    """The flow run id from the one line the CLI prints: `Prefect flow run NAME: <ui>/runs/flow-run/<id>`."""
    prefix = f"{server.ui}/runs/flow-run/"
    found = [line.split(prefix, 1)[1].strip() for line in stderr.splitlines() if prefix in line]
    assert len(found) == 1, stderr
    return found[0]


def test_prefect_server_cli_finds_the_server_of_its_data_folder(server: Server) -> None:
    """No PREFECT_API_URL: `newsevents ingest`, `reprocess` and `report` on the data folder that `newsevents
    server` runs for find it through its state file, say so in one line, and run as flow runs on it."""
    data = server.root / "data"
    state = _wait_state(data)
    assert state["api_url"] == server.api and state["ui_url"] == server.ui
    assert state["pid"] == server.procs[0].popen.pid
    env = {k: v for k, v in server.env.items() if not k.startswith("PREFECT_LOGGING_")}
    assert "PREFECT_API_URL" not in env and env["NEWSEVENTS_DATA_DIR"] == str(data)
    said = f"reporting to the Prefect server at {server.ui} (started by newsevents server for {data}/)"
    db = server.root / "found.duckdb"

    done = _cli(server, ["ingest", str(SEEDS), "--db", str(db), "--json"], env, "found-ingest")
    assert said in done.stderr.splitlines(), done.stderr
    summary = json.loads(done.stdout)
    assert summary["flow_run_id"] and _flow_run_link(server, done.stderr) == summary["flow_run_id"]
    assert server.get(f"/flow_runs/{summary['flow_run_id']}")["state"]["type"] == "COMPLETED"
    assert "ingest-summary" in server.artifacts(summary["flow_run_id"])

    done = _cli(server, ["reprocess", "--db", str(db), "--json"], env, "found-reprocess")
    assert said in done.stderr.splitlines(), done.stderr
    summary = json.loads(done.stdout)
    assert summary["flow_run_id"] and server.get(f"/flow_runs/{summary['flow_run_id']}")["name"]

    out = server.root / "found-report" / "report.html"
    done = _cli(server, ["report", "--db", str(db), "--out", str(out)], env, "found-report")
    assert said in done.stderr.splitlines(), done.stderr
    run_id = _flow_run_link(server, done.stderr)
    assert out.is_file() and set(server.artifacts(run_id)) == {"report-figures", "report-link"}


def test_prefect_server_cli_on_another_data_folder_runs_in_process(server: Server) -> None:
    """The state file is per data folder: a command on another folder does not report to the server."""
    env = {k: v for k, v in server.env.items() if not k.startswith("PREFECT_LOGGING_")}
    env["NEWSEVENTS_DATA_DIR"] = str(server.root / "elsewhere")
    seed = next(p for p in sorted(SEEDS.iterdir()) if p.suffix == ".txt")
    db = server.root / "elsewhere.duckdb"
    done = _cli(server, ["ingest", str(seed), "--db", str(db), "--json"], env, "elsewhere")
    assert "reporting to the Prefect server" not in done.stderr, done.stderr
    assert json.loads(done.stdout)["flow_run_id"] is None


def test_prefect_server_state_file_goes_when_the_server_stops(tmp_path: Path) -> None:
    """A second `newsevents server` (own port, own data folder) announces itself once healthy and removes
    its state file when stopped with SIGTERM, as a service manager stops it."""
    port = _free_port()
    data = tmp_path / "data"
    env = {k: v for k, v in os.environ.items() if k not in {"PREFECT_API_URL", "PREFECT_HOME"}}
    env.update(NEWSEVENTS_DATA_DIR=str(data), PREFECT_HOME=str(tmp_path / "home"), PYTHONUNBUFFERED="1")
    proc = Proc.start([NEWSEVENTS, "server", "--port", str(port)], env, tmp_path / "server.log", tmp_path)
    try:
        state = _wait_state(data, guard=START_GUARD_S)
        assert state["pid"] == proc.popen.pid and state["api_url"] == f"http://127.0.0.1:{port}/api"
        os.kill(proc.popen.pid, signal.SIGTERM)  # the newsevents process only: it stops the server
        proc.popen.wait(timeout=60)
        assert not (data / "prefect" / "server.json").exists(), proc.tail()
        with pytest.raises(httpx.HTTPError):
            httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
    finally:
        proc.stop()


def test_prefect_server_serve_finds_the_server_of_its_data_folder(server: Server) -> None:
    """`newsevents serve` with no PREFECT_API_URL and no --api-url serves against the server of its data
    folder (its state file), even on a port that is not --port's."""
    _wait_state(server.root / "data")
    file = server.root / "found-serve.yaml"
    spec = {"deployments": [{"name": "found-by-state", "entrypoint": "flows/report.py:report"}]}
    file.write_text(json.dumps(spec))  # JSON is YAML
    env = {k: v for k, v in server.env.items() if k != "PREFECT_API_URL"}
    env["NEWSEVENTS_SERVER_PORT"] = str(_free_port())  # nothing there: only the state file can lead to it
    proc = Proc.start(
        [NEWSEVENTS, "serve", "--file", str(file)], env, server.root / "found-serve.log", server.root
    )
    server.procs.append(proc)
    try:
        assert server.deployment_id("report", "found-by-state")
        assert f"serving 1 deployment(s) against {server.api}" in proc.tail()
    finally:
        proc.stop()
        server.procs.remove(proc)
