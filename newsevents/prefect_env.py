"""How the commands meet Prefect: which API they report to, quiet terminal logging that still reaches the
server, the settings of the flow runs they start, and the one line that points at a run in the UI.

Used by :mod:`newsevents.cli` and :mod:`newsevents.analyst_cli`. Nothing here imports Prefect at module
level, so ``newsevents --help`` stays fast, and :func:`quiet_prefect_env` runs before Prefect is imported
(Prefect reads its logging settings once, at import).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from newsevents.terminal import console

# Prefect's logging.yml, overridden through its PREFECT_LOGGING_<path> variables: the flow-run and task-run
# loggers (the run's Logs tab) log at INFO to the API, while the console handler shows warnings only.
RUN_LOGS_TO_API = {
    "PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_LOGGERS_PREFECT_TASK_RUNS_LEVEL": "INFO",
    "PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL": "WARNING",
}


def prefect_api_url() -> str | None:
    """The Prefect API this process would report to (environment or active profile), if any."""
    if os.environ.get("PREFECT_API_URL"):
        return os.environ["PREFECT_API_URL"]
    from prefect.settings import get_current_settings

    url = get_current_settings().api.url
    return str(url) if url else None


def find_prefect_api(data_dir: str | Path) -> str | None:
    """The Prefect API a command on ``data_dir`` reports to: PREFECT_API_URL or the active profile, else a
    ``newsevents server`` running for ``data_dir`` (its state file names a live process whose API answers
    within a second), announced in one line. None when there is none.

    Pass the result to :func:`prefect_run_settings`: Prefect read its settings at import, so setting the
    variable now reaches only child processes.
    """
    url = prefect_api_url()
    if url:
        return url
    from newsevents.serve import find_server

    state = find_server(data_dir)
    if state is None:
        return None
    os.environ["PREFECT_API_URL"] = state.api_url  # for child processes (flow-run workers, Dask)
    console.print(
        f"reporting to the Prefect server at {state.ui_url} (started by newsevents server for "
        f"{str(data_dir).rstrip('/')}/)",
        soft_wrap=True,
    )
    return state.api_url


def prefect_home_env(data_dir: str | Path) -> None:
    """Keep Prefect's local state under ``<data_dir>/prefect``, unless the user set PREFECT_HOME.

    With no Prefect API configured, Prefect starts a temporary server whose SQLite database, like its other
    local state, lives in PREFECT_HOME (``~/.prefect`` by default; importing Prefect creates it). Pointing
    it at ``<data_dir>/prefect`` keeps every run's state with the project, beside the state of a
    ``newsevents server`` for the same folder. The user's own Prefect profiles (``prefect config set``) stay
    readable: PREFECT_PROFILES_PATH keeps pointing at ``~/.prefect/profiles.toml`` when that file exists.
    Call it before Prefect is imported (Prefect reads its settings at import); child processes inherit it.
    """
    if os.environ.get("PREFECT_HOME"):
        return
    profiles = Path.home() / ".prefect" / "profiles.toml"
    if not os.environ.get("PREFECT_PROFILES_PATH") and profiles.is_file():
        os.environ["PREFECT_PROFILES_PATH"] = str(profiles)
    home = (Path(data_dir) / "prefect").resolve()
    home.mkdir(parents=True, exist_ok=True)  # Prefect creates only the last folder of its home
    os.environ["PREFECT_HOME"] = str(home)


def quiet_prefect_env(data_dir: str | Path) -> None:
    """Settings that keep Prefect quiet in the terminal, offline-friendly and its state under ``data_dir``
    (:func:`prefect_home_env`), unless the user set them.

    Quiet means the terminal, not the server: a run's own logs (batches, article ids, rejects) still reach
    the Prefect API at INFO, so the run's Logs tab in the UI is complete. A user who sets
    PREFECT_LOGGING_LEVEL gets Prefect's console as configured.
    """
    prefect_home_env(data_dir)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_TO_API_WHEN_MISSING_FLOW", "ignore")
    if "PREFECT_LOGGING_LEVEL" not in os.environ:
        os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
        for key, value in RUN_LOGS_TO_API.items():
            os.environ.setdefault(key, value)


def announce_flow_run(event: str, data: dict[str, Any]) -> None:
    """A :mod:`tasks.progress` watcher: when the flow run starts, print its page in the Prefect UI."""
    if event == "start" and data.get("url"):
        console.print(f"Prefect flow run {data.get('flow_run_name')}: {data['url']}", soft_wrap=True)


def prefect_run_settings(data_dir: str | Path, api_url: str | None = None) -> Any:
    """The Prefect settings of a flow run this command starts: the API ``api_url`` (from
    :func:`find_prefect_api`), no exit wait for the heartbeat thread, and cached task results under
    ``<data_dir>/prefect/storage`` (unless PREFECT_RESULTS_LOCAL_STORAGE_PATH is set), as for runs served by
    `newsevents serve`, instead of ~/.prefect/storage."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_FLOWS_HEARTBEAT_FREQUENCY,
        PREFECT_RESULTS_LOCAL_STORAGE_PATH,
        temporary_settings,
    )

    from newsevents.serve import results_env

    updates: dict[Any, Any] = {PREFECT_FLOWS_HEARTBEAT_FREQUENCY: None}
    if api_url:
        updates[PREFECT_API_URL] = api_url
    if not os.environ.get("PREFECT_RESULTS_LOCAL_STORAGE_PATH"):
        storage = results_env(data_dir)["PREFECT_RESULTS_LOCAL_STORAGE_PATH"]
        updates[PREFECT_RESULTS_LOCAL_STORAGE_PATH] = storage
    return temporary_settings(updates)
