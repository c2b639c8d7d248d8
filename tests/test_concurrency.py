"""Concurrent runs on one database: two ``newsevents ingest`` processes started together both complete, one
waiting for the other (the writer lock), with the right totals; ``newsevents sql`` readers during the writes
either answer or say in one line that the database is locked, never with a traceback.

The two corpora share 10 stories under different file names, so whichever run goes first loads them and the
other finds them as exact duplicates: 30 articles and 10 duplicates, whatever the order.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from httpserver import article_text

from tasks.db import run_checks
from tests.conftest import REPO

pytestmark = [pytest.mark.slow, pytest.mark.model]

OWN, SHARED = 10, 10  # stories of each corpus alone, and stories both have


def story(seed: int) -> str:
    return (
        f"Story {seed}: a dispatch from the capital\n\n" + "\n\n".join(article_text(seed, sentences=6)) + "\n"
    )


def write_corpus(root: Path, own_seeds: range) -> Path:
    root.mkdir()
    for seed in own_seeds:
        (root / f"own-{seed}.txt").write_text(story(seed), encoding="utf-8")
    for seed in range(900, 900 + SHARED):
        (root / f"shared-{root.name}-{seed}.txt").write_text(story(seed), encoding="utf-8")
    return root


def cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "newsevents.cli", *args]


def read_once(db: Path) -> tuple[str, int | None]:
    """One `newsevents sql` read: ("ok", articles), ("locked", None) or ("missing", None)."""
    res = subprocess.run(
        cli("sql", "SELECT count(*) AS n FROM articles", "--db", str(db), "--format", "json"),
        cwd=REPO, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert "Traceback" not in res.stderr + res.stdout, res.stderr
    if res.returncode == 0:
        return "ok", int(json.loads(res.stdout)[0]["n"])
    message = [ln for ln in res.stderr.splitlines() if ln.strip()]
    assert res.returncode == 2 and len(message) == 1, res.stderr
    if "locked by another process" in message[0]:
        return "locked", None
    if "no database" in message[0] or "no newsevents tables yet" in message[0]:  # before the first batch
        return "missing", None
    raise AssertionError(f"unexpected reader message: {message[0]}")


@pytest.mark.timeout(1200)
def test_concurrency_two_writers_and_readers(tmp_path: Path) -> None:
    a = write_corpus(tmp_path / "a", range(700, 700 + OWN))
    b = write_corpus(tmp_path / "b", range(800, 800 + OWN))
    db = tmp_path / "shared.duckdb"
    env = {**os.environ, "PREFECT_LOGGING_LEVEL": "ERROR"}
    writers = [
        subprocess.Popen(
            cli(
                "ingest",
                str(corpus),
                "--db",
                str(db),
                "--batch-size",
                "2",
                "--orchestrator",
                "local",
                "--json",
            ),
            cwd=REPO,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for corpus in (a, b)
    ]
    reads: list[tuple[str, int | None]] = []
    try:
        while any(w.poll() is None for w in writers) or len(reads) < 5:
            reads.append(read_once(db))
            time.sleep(0.1)
        outs = [w.communicate(timeout=600) for w in writers]
    finally:
        for w in writers:
            if w.poll() is None:
                w.kill()
                w.wait()
    for w, (_out, err) in zip(writers, outs, strict=True):
        assert w.returncode == 0, err[-3000:]
        assert "Traceback" not in err
    summaries = [json.loads(out) for out, _err in outs]
    assert all(s["accounting_ok"] and s["inputs"] == OWN + SHARED for s in summaries)
    assert sorted(s["loaded"] for s in summaries) == [OWN, OWN + SHARED]  # the second finds the shared ones
    assert sorted(s["duplicates"] for s in summaries) == [0, SHARED]
    assert sum("waiting for it to finish" in err for _out, err in outs) == 1  # exactly one run waited

    conn = duckdb.connect(str(db), read_only=True)
    try:
        runs = conn.execute("SELECT started_at, finished_at, status FROM runs ORDER BY started_at").fetchall()
        articles = conn.execute("SELECT count(*), count(DISTINCT article_id) FROM articles").fetchone()
        duplicates = conn.execute("SELECT count(*) FROM duplicates WHERE kind = 'exact_text'").fetchone()
        assert run_checks(conn) == {}
    finally:
        conn.close()
    assert [r[2] for r in runs] == ["completed", "completed"]
    assert runs[1][0] >= runs[0][1], "the runs overlapped: the second should wait for the first"
    assert articles == (2 * OWN + SHARED, 2 * OWN + SHARED)
    assert duplicates == (SHARED,)

    ok = [n for kind, n in reads if kind == "ok"]
    assert ok == sorted(ok), f"a reader saw the article count go down: {ok}"  # only whole batches are seen
    assert all(n is not None and n <= 2 * OWN + SHARED for n in ok)
    locked = sum(1 for kind, _ in reads if kind == "locked")
    assert ok and reads[-1] == ("ok", 2 * OWN + SHARED)
    print(f"reads during the writes: {len(reads)} ({len(ok)} answered, {locked} told the file was locked)")
