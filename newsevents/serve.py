"""Operations on one machine: serve the deployments of ``prefect.yaml``, and run a local Prefect server.

- :func:`load_specs` reads the deployments (name, entrypoint, parameters, schedules) from ``prefect.yaml``,
  the same file ``prefect deploy`` reads for the work-pool path, so both paths run the same thing;
- :func:`build_deployments` turns them into runner deployments and :func:`serve_deployments` serves them
  with ``prefect.serve()`` (flow runs execute as subprocesses of the serving process);
- :func:`server_env` / :func:`server_command` describe ``prefect server start`` on 127.0.0.1 with its
  state (SQLite database, profiles) under ``<data_dir>/prefect``, analytics off, and the UI calling the
  API on the same port.
"""

from __future__ import annotations

import importlib
import os
import sys
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
