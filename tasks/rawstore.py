"""The raw page store: the gzipped raw bytes of every input, one content-addressed file per distinct content,
in a folder beside the DuckDB file (``data/newsevents.duckdb`` → ``data/newsevents.raw/ab/ab12….gz``).

Why not a BLOB column: with DuckDB 2.0.1, every commit that appends to a table holding large values
rewrites the table's open row group at the checkpoint, so the loader's peak memory grew with everything
stored before (about 220 MB of extra peak after 2,000 pages of 160 KB; ``docs/BENCHMARKS.md``). Files cost
the same whatever is already stored. ``raw_documents`` keeps one row per input and content (URL, headers,
hints, ``raw_hash``); its ``content_gz`` is null when the bytes are here, and still holds them in databases
written before the store existed, which readers accept as they are.

Crash safety: a file is written to a temporary name, flushed to disk (``fsync``) and renamed into place
before the batch's transaction commits the rows that name it, so a committed row always finds its bytes.
A crash in between leaves a file no row names, which the next run writes again (same name, same bytes).
Files are never rewritten or deleted by a load: the same content under several inputs is one file.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

SUFFIX = ".raw"


def compress(data: bytes) -> bytes:
    """The stored form of raw bytes: gzip level 6, ``mtime=0`` (the same bytes give the same file)."""
    return gzip.compress(data, compresslevel=6, mtime=0)


class RawStore:
    """Content-addressed gzip files under ``root``, named by ``raw_hash`` (hex)."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)

    @classmethod
    def beside(cls, db_path: str | Path) -> RawStore | None:
        """The store of a DuckDB file (``x.duckdb`` → ``x.raw/``); None for an in-memory database."""
        if str(db_path) == ":memory:":
            return None
        path = Path(db_path)
        return cls(path.with_name(path.stem + SUFFIX))

    def path(self, raw_hash: str) -> Path:
        if len(raw_hash) < 3 or not all(c in "0123456789abcdef" for c in raw_hash):
            raise ValueError(f"not a raw hash: {raw_hash!r}")
        return self.root / raw_hash[:2] / f"{raw_hash}.gz"

    def put_many(self, items: Iterable[tuple[str, bytes]]) -> int:
        """Store ``(raw_hash, raw bytes)`` pairs not stored yet, each durably (written, flushed, renamed,
        folder flushed) before this returns; returns how many files were written."""
        folders: set[Path] = set()
        written = 0
        for raw_hash, data in items:
            target = self.path(raw_hash)
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(compress(data))
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
            folders.add(target.parent)
            written += 1
        for folder in folders | ({self.root} if folders else set()):
            _fsync_dir(folder)
        return written

    def get_gz(self, raw_hash: str) -> bytes | None:
        """The stored (gzipped) bytes of ``raw_hash``, or None when there is no such file."""
        try:
            return self.path(raw_hash).read_bytes()
        except (FileNotFoundError, ValueError):
            return None


def _fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
