"""Shared fixtures: real DuckDB files, an isolated Prefect home, the Prefect test harness, paths.

Prefect is configured (isolated home, analytics off) before anything imports it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

_PREFECT_HOME = tempfile.mkdtemp(prefix="newsevents-test-prefect-")
os.environ.setdefault("PREFECT_HOME", _PREFECT_HOME)
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
os.environ.pop("PREFECT_API_URL", None)
# Hypothesis keeps its caches (constants read from the source) in a temporary folder, not the checkout.
os.environ.setdefault("HYPOTHESIS_STORAGE_DIRECTORY", tempfile.mkdtemp(prefix="newsevents-test-hypothesis-"))

import duckdb  # noqa: E402
import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

# Property tests run the same inputs everywhere: derandomised, with no example database, whether or not the
# CI variable is set (Hypothesis loads its own "ci" profile only when it sees one). A failure found here is
# then found on every machine, and no run writes .hypothesis/examples into the checkout.
settings.register_profile(
    "newsevents",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("newsevents")


def pytest_collection_modifyitems(
    session: pytest.Session, config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Property tests first, before any test of this process starts a server, a cluster or a worker pool
    whose threads would share the interpreter with them (the order of the other tests is kept)."""
    from hypothesis import is_hypothesis_test

    items.sort(key=lambda item: 0 if is_hypothesis_test(getattr(item, "obj", None)) else 1)


REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SHARED_BENCH = REPO.parent / "shared" / "bench"


# A page that takes trafilatura seconds (4 MB of paragraphs), against a per-document budget far below that
# and far above what a short story takes (milliseconds): tests/test_budget.py, tests/test_dask_runner.py.
SLOW_BUDGET_S = 0.5


def write_budget_corpus(root: Path) -> Path:
    """``root`` with one slow page (``slow.html``) and two short stories that clean in milliseconds."""
    from httpserver import article_text

    root.mkdir(parents=True, exist_ok=True)
    para = "<p>The council met on Tuesday to discuss the new budget for the harbour, officials said.</p>"
    (root / "slow.html").write_text("<html><body><article>" + para * 40_000 + "</article></body></html>")
    for seed in (1, 2):
        body = "\n\n".join(article_text(seed))
        (root / f"fine-{seed}.txt").write_text(f"Story {seed}: talks continue in the capital\n\n{body}\n")
    return root


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A path for a fresh, real DuckDB file."""
    return tmp_path / "newsevents.duckdb"


@pytest.fixture
def migrated_db(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A real on-disk DuckDB file with the newsevents schema applied."""
    from tasks.db import connect, migrate

    conn = connect(db_path)
    migrate(conn)
    yield conn
    conn.close()


@pytest.fixture(scope="session")
def prefect_harness() -> Iterator[None]:
    """One Prefect test harness (a temporary API) for the whole session: it takes ~11 s to enter."""
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """seeds/ ingested once (in-process, real model, real DuckDB) for read-only tests of the output."""
    from flows.ingest import ingest

    path = tmp_path_factory.mktemp("seeddb") / "seeds.duckdb"
    ingest.fn(paths=[str(SEEDS)], db=str(path))
    return path


@pytest.fixture
def http_server() -> Iterator[Any]:
    """A real threaded HTTP server on 127.0.0.1 (tests/httpserver.py): routes, replies, a request log."""
    from httpserver import LocalServer

    with LocalServer() as server:
        yield server


def bench_path(*parts: str) -> Path:
    """A path in ../shared/bench; tests that need it skip when it is absent."""
    path = SHARED_BENCH.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data not available: {path}")
    return path
