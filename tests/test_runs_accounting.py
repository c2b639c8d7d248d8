"""The accounting invariant (inputs = loaded + unchanged + duplicates + rejected) fails loudly end to end,
and runs left 'running' by a dead process are marked crashed by the next run.

No model is needed: every input here is rejected before extraction.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from tasks.records import Reject
from tasks.runs import AccountingError, RunTally

runner = CliRunner()


@pytest.mark.parametrize(
    ("counts", "ok"),
    [
        ({"inputs": 0}, True),
        ({"inputs": 10, "loaded": 4, "unchanged": 3, "duplicates": 2, "rejected": 1}, True),
        ({"inputs": 10, "loaded": 4, "unchanged": 3, "duplicates": 2, "rejected": 0}, False),  # one lost
        (
            {"inputs": 10, "loaded": 5, "unchanged": 3, "duplicates": 2, "rejected": 1},
            False,
        ),  # one counted twice
        ({"inputs": 1, "loaded": 0, "unchanged": 0, "duplicates": 0, "rejected": 0}, False),
    ],
)
def test_runs_tally_invariant(counts: dict[str, int], ok: bool) -> None:
    tally = RunTally(**counts)
    assert tally.accounting_ok is ok


def test_runs_tally_add_rejects_counts_every_reject_by_reason() -> None:
    tally = RunTally(inputs=3)
    tally.add_rejects(
        [Reject("a", "decode", "empty"), Reject("b", "decode", "empty"), Reject("c", "clean", "x")]
    )
    assert tally.rejected == 3 and tally.accounting_ok
    assert tally.reject_reasons == {"decode/empty": 2, "clean/x": 1}


def _bad_corpus(root: Path) -> Path:
    root.mkdir()
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x00\x01\x02" * 100)
    (root / "lines.jsonl").write_text('{broken\n{"no_text": 1}\n', encoding="utf-8")
    return root


def _lose_one_reject(monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulate a bug that drops a reject on the floor: the only way the invariant breaks."""
    original = RunTally.add_rejects

    def lossy(self: RunTally, rejects: list[Reject]) -> None:
        original(self, rejects[1:])

    monkeypatch.setattr(RunTally, "add_rejects", lossy)


def _runs(db: Path) -> list[tuple[object, ...]]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return conn.execute(
            "SELECT status, accounting_ok, inputs, rejected, error, pid, hostname"
            " FROM runs ORDER BY started_at"
        ).fetchall()
    finally:
        conn.close()


def test_runs_accounting_honest_run_is_completed(tmp_path: Path) -> None:
    from flows.ingest import ingest

    db = tmp_path / "ok.duckdb"
    summary = ingest.fn(paths=[str(_bad_corpus(tmp_path / "in"))], db=str(db), options={"batch_size": 2})
    assert (summary["inputs"], summary["rejected"], summary["accounting_ok"]) == (4, 4, True)
    [(status, ok, inputs, rejected, error, pid, host)] = _runs(db)
    assert (status, ok, inputs, rejected, error) == ("completed", True, 4, 4, None)
    assert (pid, host) == (os.getpid(), socket.gethostname())


def test_runs_accounting_mismatch_fails_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from flows.ingest import ingest

    _lose_one_reject(monkeypatch)
    db = tmp_path / "lossy.duckdb"
    with pytest.raises(AccountingError, match=r"accounting mismatch: inputs=4 != .* rejected=\d"):
        ingest.fn(paths=[str(_bad_corpus(tmp_path / "in"))], db=str(db), options={"batch_size": 2})
    [(status, ok, inputs, rejected, error, _pid, _host)] = _runs(db)
    assert (status, ok, inputs) == ("failed", False, 4)
    assert rejected < 4
    assert error.startswith("accounting mismatch: inputs=4")


def test_runs_accounting_mismatch_cli_exits_non_zero_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _lose_one_reject(monkeypatch)
    db = tmp_path / "cli.duckdb"
    res = runner.invoke(
        app, ["ingest", str(_bad_corpus(tmp_path / "in")), "--db", str(db), "--orchestrator", "local", "-q"]
    )
    assert res.exit_code == 1
    assert "Traceback" not in res.output
    lines = [ln for ln in res.output.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: run failed")
    assert "accounting mismatch" in " ".join(res.output.split())
    assert _runs(db)[0][0] == "failed"


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_runs_left_running_by_dead_process_are_marked_crashed(tmp_path: Path) -> None:
    from tasks.db import connect, migrate
    from tasks.load import start_run, utcnow

    db = tmp_path / "crash.duckdb"
    host = socket.gethostname()
    conn = connect(db)
    migrate(conn)
    conn.executemany(
        "INSERT INTO runs (run_id, status, started_at, pid, hostname) VALUES (?, ?, ?, ?, ?)",
        [
            ["dead", "running", utcnow(), _dead_pid(), host],
            ["alive", "running", utcnow(), os.getppid(), host],  # a live process on this host
            ["legacy", "running", utcnow(), None, None],  # a row from before pid was recorded
            ["done", "completed", utcnow(), 1, host],
        ],
    )
    conn.close()
    crashed = start_run(db, {"run_id": "next", "status": "running", "started_at": utcnow()})
    assert sorted(crashed) == ["dead", "legacy"]
    conn = duckdb.connect(str(db), read_only=True)
    rows = dict(conn.execute("SELECT run_id, status FROM runs").fetchall())
    error = conn.execute("SELECT error FROM runs WHERE run_id = 'dead'").fetchone()[0]
    conn.close()
    assert rows == {
        "dead": "crashed",
        "alive": "running",
        "legacy": "crashed",
        "done": "completed",
        "next": "running",
    }
    assert "ended without finishing the run" in error and "next" in error
