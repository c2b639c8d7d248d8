"""Crash safety: ``newsevents ingest`` killed with SIGKILL at several points, then re-run to completion.

The corpus is generated: 48 small stories, batches of 2, so a run commits many transactions. Each round starts
a real ``newsevents ingest`` process, watches the database read-only between batches, and kills the process
(SIGKILL: no cleanup, no ``finally``) at a different point: while it loads the model, right after a batch is
committed, or a fraction of a second later, in the middle of the next batch. After every kill the database
must be consistent (every ``sql/checks`` query returns zero rows, no article without its sentences or
raw document, no raw document without its bytes in the raw store, no child row without its article) and
the killed run must still say ``running``; the next run marks it ``crashed``. A final run completes: each
story is stored exactly once.
"""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from httpserver import article_text

from tasks.db import run_checks
from tasks.rawstore import RawStore
from tasks.records import sha256_hex
from tests.conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.model]

STORIES = 48
BATCH = 2
# (articles stored before the kill is armed, seconds to wait after that): -1 means "as soon as the run's row
# exists" (the model is still loading). Each round resumes where the previous one stopped.
KILLS = [(-1, 0.0), (4, 0.0), (10, 0.4), (18, 0.9), (26, 0.15), (34, 0.6)]


def write_corpus(root: Path) -> list[Path]:
    root.mkdir()
    paths = []
    for i in range(STORIES):
        path = root / f"story-{i:03d}.txt"
        paras = article_text(500 + i, sentences=6)
        path.write_text(
            f"Story {i}: a dispatch from the capital\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8"
        )
        paths.append(path)
    return paths


def ingest_cmd(corpus: Path, db: Path) -> list[str]:
    # One process: the kill points are timed for its pace (with more workers the last round can finish
    # before its kill). Worker processes outliving a killed run are tested below.
    return [
        sys.executable, "-m", "newsevents.cli", "ingest", str(corpus), "--db", str(db),
        "--batch-size", str(BATCH), "--orchestrator", "local", "--quiet", "--json", "--workers", "1",
    ]  # fmt: skip


def peek(db: Path) -> tuple[int, int] | None:
    """(runs, articles) read between batches, or None while the writer holds the file."""
    if not db.exists():
        return None
    try:
        conn = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return None
    try:
        runs = conn.execute("SELECT count(*) FROM runs").fetchone()[0]  # type: ignore[index]
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]  # type: ignore[index]
        return int(runs), int(articles)
    except duckdb.Error:  # the schema is still being created
        return None
    finally:
        conn.close()


def kill_at(proc: subprocess.Popen[bytes], db: Path, runs_before: int, articles: int, delay: float) -> int:
    """SIGKILL ``proc`` once its run row exists and ``articles`` are stored (-1: at once), after ``delay``."""
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise AssertionError(f"ingest ended (exit {proc.returncode}) before the kill point {articles}")
        seen = peek(db)
        if seen is not None and seen[0] > runs_before and seen[1] >= articles:
            break
        time.sleep(0.15)
    else:
        raise AssertionError("the kill point was never reached")
    if delay:
        time.sleep(delay)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL
    return seen[1]


def consistent(db: Path) -> dict[str, object]:
    """The state after a kill: checks, duplicates of articles, runs by status."""
    conn = duckdb.connect(str(db), read_only=True)
    try:
        failures = run_checks(conn)
        articles, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT input_ref) FROM articles"
        ).fetchone()  # type: ignore[misc]
        statuses = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY started_at").fetchall()]
        # the raw input is written in the article's transaction (reprocess needs it): never one without it
        no_raw = conn.execute(
            "SELECT count(*) FROM articles AS a ANTI JOIN raw_documents AS r"
            " ON r.raw_hash = a.raw_hash AND r.input_key = a.input_key"
        ).fetchone()[0]  # type: ignore[index]
        if no_raw:
            failures = {**failures, "articles_without_raw_document": no_raw}
        # the raw bytes are written to the store, durably, before the rows naming them commit: never lost
        store = RawStore.beside(db)
        assert store is not None
        lost = 0
        for raw_hash, blob in conn.execute("SELECT raw_hash, content_gz FROM raw_documents").fetchall():
            data = blob if blob is not None else store.get_gz(raw_hash)
            if data is None or sha256_hex(gzip.decompress(data)) != raw_hash:
                lost += 1
        if lost:
            failures = {**failures, "raw_documents_without_their_bytes": lost}
        return {"failures": failures, "articles": articles, "distinct": distinct, "statuses": statuses}
    finally:
        conn.close()


@pytest.mark.timeout(1500)
def test_crash_safety_sigkill_at_many_points_then_resume(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    write_corpus(corpus)
    db = tmp_path / "crash.duckdb"
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "ERROR"}
    killed_at: list[int] = []
    for round_no, (articles, delay) in enumerate(KILLS):
        before = consistent(db)["statuses"] if db.exists() else []
        proc = subprocess.Popen(
            ingest_cmd(corpus, db), cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            killed_at.append(kill_at(proc, db, len(before), articles, delay))
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        state = consistent(db)
        assert state["failures"] == {}, f"round {round_no}: {state}"
        assert state["articles"] == state["distinct"], f"round {round_no}: an article stored twice"
        # the killed run still says running; every earlier one was marked crashed by its successor
        assert state["statuses"] == ["crashed"] * round_no + ["running"], state["statuses"]

    done = subprocess.run(
        ingest_cmd(corpus, db), cwd=REPO, env=env, capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout)
    final = consistent(db)
    assert final["failures"] == {}
    assert final["articles"] == final["distinct"] == STORIES  # each story exactly once
    assert final["statuses"] == ["crashed"] * len(KILLS) + ["completed"]
    assert summary["accounting_ok"] and summary["inputs"] == STORIES
    assert summary["loaded"] + summary["unchanged"] == STORIES and summary["rejected"] == 0
    assert summary["unchanged"] >= max(killed_at)  # work committed before the kills was not redone
    conn = duckdb.connect(str(db), read_only=True)
    try:
        counts = conn.execute(
            "SELECT (SELECT count(*) FROM duplicates), (SELECT count(*) FROM rejects),"
            " (SELECT count(DISTINCT article_id) FROM sentences),"
            " (SELECT count(*) FROM raw_documents WHERE article_id IS NOT NULL)"
        ).fetchone()
        errors = [r[0] for r in conn.execute("SELECT error FROM runs WHERE status = 'crashed'").fetchall()]
    finally:
        conn.close()
    assert counts == (0, 0, STORIES, STORIES)
    assert all("ended without finishing the run" in e for e in errors)
    print(f"kills survived: {len(KILLS)} (articles stored at each kill: {killed_at}); final run {summary}")


PARENT = """
import os, sys, time
from tasks.executor import get_pool
pool = get_pool(2, None)
for f in [pool.submit(time.sleep, 0.5) for _ in range(4)]:
    f.result()
print(" ".join(str(pid) for pid in pool._processes), flush=True)
time.sleep(600)
"""


def test_crash_safety_workers_end_when_their_run_is_killed(tmp_path: Path) -> None:
    """SIGKILL runs no cleanup: the worker processes notice their parent is gone and exit, instead of
    waiting forever with a spaCy model each."""
    with subprocess.Popen(
        [sys.executable, "-c", PARENT], cwd=REPO, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    ) as parent:  # fmt: skip
        try:
            assert parent.stdout is not None
            workers = [int(pid) for pid in parent.stdout.readline().split()]
        finally:
            parent.kill()
            parent.wait()
    assert len(workers) == 2
    deadline = time.monotonic() + 15
    alive = workers
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [pid for pid in workers if Path(f"/proc/{pid}").exists() and not _zombie(pid)]
    assert alive == [], "worker processes outlived their killed parent"


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except OSError:
        return False
