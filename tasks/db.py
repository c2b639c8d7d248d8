"""The DuckDB file: connecting, the single-writer lock, and re-runnable migrations from ``sql/``."""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from tasks.paths import sql_dir

# Threads of one process share the writer; DuckDB transactions are per connection, so serialise them.
_THREADS = threading.Lock()


@contextlib.contextmanager
def thread_lock() -> Iterator[None]:
    """Let one thread of this process at a time open and use the database (held around each connection).

    Every stage that opens the DuckDB file for writing (load, dedup, fetch state) takes it, so their
    transactions never interleave. Across processes, :func:`writer_lock` does the same for a whole run.
    """
    with _THREADS:
        yield


class DatabaseLocked(RuntimeError):
    """Another process holds the database; raised with a one-line, human-readable reason."""


def _configure(conn: duckdb.DuckDBPyConnection, db_path: Path) -> None:
    # Keep DuckDB's extension cache inside the data folder, never in the home folder.
    ext_dir = db_path.parent / ".duckdb_extensions" if str(db_path) != ":memory:" else None
    if ext_dir is not None:
        conn.execute("SET extension_directory = ?", [str(ext_dir)])


def connect(
    db_path: str | Path, *, read_only: bool = False, wait_seconds: float = 0.0
) -> duckdb.DuckDBPyConnection:
    """Open the database. ``wait_seconds`` > 0 retries while another process holds DuckDB's file lock.

    Raises :class:`DatabaseLocked` with a one-line message when the lock is still held.
    """
    path = Path(db_path)
    if str(path) != ":memory:":
        if read_only and not path.exists():
            raise FileNotFoundError(f"no database at {path} (run `newsevents ingest` first)")
        path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + wait_seconds
    delay = 0.05
    while True:
        try:
            conn = duckdb.connect(str(path), read_only=read_only)
            _configure(conn, path)
            return conn
        except duckdb.IOException as exc:
            msg = str(exc)
            if "lock" not in msg.lower():
                raise
            if time.monotonic() >= deadline:
                holder = msg.split("(PID", 1)[1].split(")", 1)[0].strip() if "(PID" in msg else "?"
                raise DatabaseLocked(
                    f"{path} is locked by another process (PID {holder}); "
                    "wait for the running ingest to finish and try again"
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


@contextlib.contextmanager
def writer_lock(
    db_path: str | Path, *, timeout: float = 3600.0, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the newsevents writer lock for ``db_path`` (a lock file beside it).

    A second run on the same database waits here for the first to finish instead of failing on
    DuckDB's lock. ``on_wait`` is told once when waiting starts.
    """
    path = Path(db_path)
    if str(path) == ":memory:":
        yield
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.with_name(path.name + ".lock")
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + timeout
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and on_wait is not None:
                    on_wait(f"another newsevents run is writing {path}; waiting for it to finish")
                    told = True
                if time.monotonic() >= deadline:
                    raise DatabaseLocked(
                        f"{path} is being written by another newsevents run (waited {timeout:.0f} s)"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode())
        yield
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _files(sub: str) -> list[Path]:
    folder = sql_dir() / sub
    return sorted(folder.glob("*.sql")) if folder.is_dir() else []


def migrate(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every ``sql/schema`` file not yet recorded, then (re)create every ``sql/views`` view.

    Safe to run any number of times. Returns the names of the schema files applied now.
    """
    conn.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        "filename VARCHAR PRIMARY KEY, checksum VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    applied = {row[0] for row in conn.execute("SELECT filename FROM schema_migrations").fetchall()}
    done: list[str] = []
    for path in _files("schema"):
        if path.name in applied:
            continue
        sql = path.read_text(encoding="utf-8")
        checksum = hashlib.sha256(sql.encode()).hexdigest()[:16]
        conn.execute("BEGIN")
        try:
            _run_script(conn, sql)
            conn.execute(
                "INSERT INTO schema_migrations (filename, checksum) VALUES (?, ?)", [path.name, checksum]
            )
            conn.execute("COMMIT")
        except Exception:
            conn.execute("ROLLBACK")
            raise
        done.append(path.name)
    for path in _files("views"):
        _run_script(conn, path.read_text(encoding="utf-8"))
    return done


def _run_script(conn: duckdb.DuckDBPyConnection, sql: str) -> None:
    """Run a multi-statement SQL file and consume its result (DuckDB 2 refuses new work on a connection
    with an unfinished result)."""
    conn.execute(sql).fetchall()


_CREATE_VIEW = re.compile(r"\bCREATE\s+OR\s+REPLACE\s+VIEW\b", re.IGNORECASE)


def view_names() -> list[str]:
    """Names of the analysis views shipped in ``sql/views``."""
    folder = sql_dir() / "views"
    return sorted(p.stem for p in folder.glob("*.sql")) if folder.is_dir() else []


def ensure_views(conn: duckdb.DuckDBPyConnection) -> list[str]:
    """Create every shipped view the database lacks as a TEMP view (works on read-only connections).

    Returns the names created. Databases migrated since the views shipped already have them all.
    """
    present = {
        row[0] for row in conn.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    }
    created: list[str] = []
    for path in sorted((sql_dir() / "views").glob("*.sql")):
        if path.stem in present:
            continue
        for statement in conn.extract_statements(path.read_text(encoding="utf-8")):
            if statement.type == duckdb.StatementType.CREATE:
                conn.execute(_CREATE_VIEW.sub("CREATE OR REPLACE TEMP VIEW", statement.query, count=1))
        created.append(path.stem)
    return created


def open_readonly(db_path: str | Path) -> duckdb.DuckDBPyConnection:
    """Open the database read-only with every analysis view available."""
    conn = connect(db_path, read_only=True)
    ensure_views(conn)
    return conn


def check_files() -> list[Path]:
    """The consistency checks: queries in ``sql/checks`` that must return zero rows."""
    return _files("checks")


def run_checks(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Run every check; return {check name: number of offending rows} for those that fail."""
    failures: dict[str, int] = {}
    for path in check_files():
        rows = conn.execute(path.read_text(encoding="utf-8")).fetchall()
        if rows:
            failures[path.stem] = len(rows)
    return failures


TABLES = (
    "articles",
    "sentences",
    "entities",
    "events",
    "event_mentions",
    "quotes",
    "rejects",
    "runs",
    "raw_documents",
    "duplicates",
)

# Child tables whose rows belong to one article and are replaced with it.
ARTICLE_TABLES = ("sentences", "entities", "events", "event_mentions", "quotes")


def table_counts(conn: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Row count of every newsevents table."""
    out: dict[str, int] = {}
    for table in TABLES:
        # Table names come from the constant above, never from input.
        out[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # type: ignore[index]  # noqa: S608
    return out
