"""Operations on one machine: serve the deployments of ``prefect.yaml``, and run a local Prefect server.

- :func:`load_specs` reads the deployments (name, entrypoint, parameters, schedules) from ``prefect.yaml``,
  the same file ``prefect deploy`` reads for the work-pool path, so both paths run the same thing;
- :func:`build_deployments` turns them into runner deployments and :func:`serve_deployments` serves them
  with ``prefect.serve()`` (flow runs execute as subprocesses of the serving process);
- :func:`server_env` / :func:`server_command` describe ``prefect server start`` on 127.0.0.1 with its
  state (SQLite database, profiles) under ``<data_dir>/prefect``, analytics off, and the UI calling the
  API on the same port;
- :func:`run_server` runs it and, while it is healthy, announces it in ``<data_dir>/prefect/server.json``
  (URL and pid; removed when it stops), which :func:`find_server` reads so that ``newsevents ingest``,
  ``reprocess`` and ``report`` on the same data folder report to it without PREFECT_API_URL.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import yaml

_PKG = Path(__file__).resolve().parent
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 4200


class ServeError(RuntimeError):
    """A deployment file or option that cannot be served; the message says what to fix."""


@dataclass(slots=True)
class DeploymentSpec:
    """One deployment as ``prefect.yaml`` declares it."""

    name: str
    entrypoint: str  # flows/ingest.py:ingest
    parameters: dict[str, Any] = field(default_factory=dict)
    schedules: list[dict[str, Any]] = field(default_factory=list)
    description: str | None = None
    tags: list[str] = field(default_factory=list)


def prefect_yaml_path() -> Path:
    """The project's ``prefect.yaml``: the copy packed into the wheel, else the checkout's (a
    ``prefect.yaml`` that something else left in site-packages is never read)."""
    for candidate in (_PKG / "_prefect.yaml", _PKG.parent / "prefect.yaml"):
        if candidate.is_file():
            return candidate
    raise ServeError("prefect.yaml not found (expected beside the newsevents package)")


def load_specs(path: str | Path | None = None) -> list[DeploymentSpec]:
    """The deployments declared in ``path`` (default: the project's prefect.yaml)."""
    file = Path(path) if path else prefect_yaml_path()
    try:
        doc = yaml.safe_load(file.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ServeError(f"cannot read {file}: {exc}".splitlines()[0]) from None
    specs: list[DeploymentSpec] = []
    for i, dep in enumerate(doc.get("deployments") or []):
        if not isinstance(dep, dict) or not dep.get("name") or not dep.get("entrypoint"):
            raise ServeError(f"{file}: deployment #{i + 1} needs a name and an entrypoint")
        specs.append(
            DeploymentSpec(
                name=str(dep["name"]),
                entrypoint=str(dep["entrypoint"]),
                parameters=dict(dep.get("parameters") or {}),
                schedules=list(dep.get("schedules") or []),
                description=dep.get("description"),
                tags=[str(t) for t in dep.get("tags") or []],
            )
        )
    if not specs:
        raise ServeError(f"{file} declares no deployments")
    return specs


def load_flow(entrypoint: str) -> Any:
    """``flows/ingest.py:ingest`` → the flow object, imported as a module (works from a wheel too)."""
    try:
        file_part, attr = entrypoint.rsplit(":", 1)
    except ValueError:
        raise ServeError(f"entrypoint {entrypoint!r} must look like flows/ingest.py:ingest") from None
    module_name = file_part.removesuffix(".py").replace("/", ".").replace("\\", ".")
    try:
        module = importlib.import_module(module_name)
        return getattr(module, attr)
    except (ImportError, AttributeError) as exc:
        raise ServeError(f"cannot load flow {entrypoint!r}: {exc}") from None


def build_schedule(spec: dict[str, Any]) -> Any:
    """A ``prefect.yaml`` schedule entry (cron, interval in seconds, or rrule) → a Prefect schedule."""
    from prefect.schedules import Cron, Interval, RRule

    common: dict[str, Any] = {"timezone": spec.get("timezone"), "active": bool(spec.get("active", True))}
    if spec.get("parameters"):
        common["parameters"] = dict(spec["parameters"])
    if spec.get("cron"):
        return Cron(str(spec["cron"]), day_or=bool(spec.get("day_or", True)), **common)
    if spec.get("interval") is not None:
        return Interval(timedelta(seconds=float(spec["interval"])), **common)
    if spec.get("rrule"):
        return RRule(str(spec["rrule"]), **common)
    raise ServeError(f"schedule {spec!r} needs one of cron, interval (seconds) or rrule")


def build_deployments(
    specs: list[DeploymentSpec], *, db: str | None = None, only: list[str] | None = None
) -> list[Any]:
    """Runner deployments for ``specs``: ``db`` overrides every deployment's ``db`` parameter."""
    from prefect.deployments.runner import EntrypointType

    wanted = set(only or [])
    unknown = wanted - {s.name for s in specs}
    if unknown:
        have = ", ".join(s.name for s in specs)
        raise ServeError(f"no deployment named {', '.join(sorted(unknown))} (have: {have})")
    deployments = []
    for spec in specs:
        if wanted and spec.name not in wanted:
            continue
        params = dict(spec.parameters)
        if db is not None:
            params["db"] = db
        flow_obj = load_flow(spec.entrypoint)
        deployments.append(
            flow_obj.to_deployment(
                name=spec.name,
                parameters=params,
                schedules=[build_schedule(s) for s in spec.schedules] or None,
                description=spec.description,
                tags=spec.tags or None,
                entrypoint_type=EntrypointType.MODULE_PATH,
            )
        )
    return deployments


def api_healthy(api_url: str, timeout: float = 2.0) -> bool:
    """True when a Prefect API answers ``/health`` at ``api_url``."""
    try:
        return httpx.get(api_url.rstrip("/") + "/health", timeout=timeout).status_code == 200
    except httpx.HTTPError:
        return False


def local_api_url(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> str:
    return f"http://{host}:{port}/api"


def results_env(data_dir: str | Path) -> dict[str, str]:
    """Where cached task results go: ``<data_dir>/prefect/storage`` (absolute, for flow-run subprocesses)."""
    return {"PREFECT_RESULTS_LOCAL_STORAGE_PATH": str((Path(data_dir) / "prefect" / "storage").resolve())}


def serve_deployments(deployments: list[Any], limit: int | None = None) -> None:
    """Serve until interrupted: scheduled runs start on time, triggered ones within the poll interval."""
    from prefect import serve

    serve(*deployments, limit=limit)


def server_env(data_dir: str | Path, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> dict[str, str]:
    """The environment of ``prefect server start`` for newsevents: state under ``<data_dir>/prefect``."""
    home = (Path(data_dir) / "prefect").resolve()
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(
        PREFECT_HOME=str(home),
        PREFECT_SERVER_API_HOST=host,
        PREFECT_SERVER_API_PORT=str(port),
        PREFECT_UI_API_URL=local_api_url(host, port),
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    return env


def server_command() -> list[str]:
    """``prefect server start`` with this interpreter's Prefect (host and port come from the environment)."""
    return [sys.executable, "-m", "prefect", "server", "start"]


# ---------------------------------------------------------------------------------- the server's state file

STATE_FILE = "server.json"  # in <data_dir>/prefect, beside the server's own state


@dataclass(slots=True, frozen=True)
class ServerState:
    """A running ``newsevents server`` as its state file announces it."""

    api_url: str  # http://127.0.0.1:4200/api
    ui_url: str  # http://127.0.0.1:4200
    pid: int  # the `newsevents server` process, which removes the file when it stops
    data_dir: str  # the data folder it was started for, as given


def state_path(data_dir: str | Path) -> Path:
    return Path(data_dir) / "prefect" / STATE_FILE


def write_state(data_dir: str | Path, state: ServerState) -> Path:
    """Write the state file atomically (a reader never sees half of it)."""
    path = state_path(data_dir)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.write_text(
        json.dumps(
            {"api_url": state.api_url, "ui_url": state.ui_url, "pid": state.pid, "data_dir": state.data_dir}
        )
        + "\n",
        encoding="utf-8",
    )
    tmp.replace(path)
    return path


def remove_state(data_dir: str | Path, pid: int) -> None:
    """Remove the state file if it is still the one process ``pid`` wrote (another server may own it now)."""
    path = state_path(data_dir)
    state = read_state(data_dir)
    if state is not None and state.pid == pid:
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def read_state(data_dir: str | Path) -> ServerState | None:
    """The state file's content, or None when it is absent or unreadable."""
    try:
        raw = json.loads(state_path(data_dir).read_text(encoding="utf-8"))
        return ServerState(
            api_url=str(raw["api_url"]), ui_url=str(raw["ui_url"]), pid=int(raw["pid"]),
            data_dir=str(raw.get("data_dir", data_dir)),
        )  # fmt: skip
    except (OSError, ValueError, KeyError, TypeError):
        return None


def pid_alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (signal 0 checks without sending anything)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def find_server(data_dir: str | Path, timeout: float = 1.0) -> ServerState | None:
    """The ``newsevents server`` running for ``data_dir``: its state file names a live process and its API
    answers ``/health`` within ``timeout`` seconds. Otherwise None (no server, a stale file, a hung API)."""
    state = read_state(data_dir)
    if state is None or not pid_alive(state.pid):
        return None
    return state if api_healthy(state.api_url, timeout=timeout) else None


def _stop_with_parent() -> None:
    """In the server's process, before it starts: on Linux, ask for SIGTERM when its parent dies."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def run_server(
    data_dir: str | Path,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    on_ready: Callable[[ServerState], None] | None = None,
) -> int:
    """Run ``prefect server start`` until it exits or this process is stopped (Ctrl-C, SIGTERM); return its
    exit code. Once the API is healthy, the state file announces it (``on_ready`` is called); it is removed
    when the server stops. SIGTERM and SIGINT are passed on to the server (in its own session, so it gets
    each once), which is given 20 s to stop."""
    env = server_env(data_dir, host, port)
    Path(env["PREFECT_HOME"]).mkdir(parents=True, exist_ok=True)
    state = ServerState(
        api_url=local_api_url(host, port),
        ui_url=f"http://{host}:{port}",
        pid=os.getpid(),
        data_dir=str(data_dir),
    )
    # Its own session: a Ctrl-C reaches this process only, which passes it on once (two SIGINTs make the
    # server stop with tracebacks); and it gets SIGTERM if this process dies without passing anything on.
    child = subprocess.Popen(  # noqa: S603, RUF100  (a fixed argument list: this interpreter running Prefect)
        server_command(), env=env, start_new_session=True, preexec_fn=_stop_with_parent
    )

    def forward(signum: int, _frame: Any) -> None:
        with contextlib.suppress(ProcessLookupError):
            child.send_signal(signum)

    previous = {sig: signal.signal(sig, forward) for sig in (signal.SIGTERM, signal.SIGINT)}
    announced = False
    try:
        while not announced and child.poll() is None:
            if api_healthy(state.api_url, timeout=1.0):
                write_state(data_dir, state)
                announced = True
                if on_ready is not None:
                    on_ready(state)
            else:
                time.sleep(0.5)
        return int(child.wait() or 0)
    finally:
        if announced:
            remove_state(data_dir, state.pid)
        if child.poll() is None:
            child.terminate()
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
