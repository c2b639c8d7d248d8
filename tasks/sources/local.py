"""Local files: paths, folders (recursive) and globs of .txt, .html/.htm and .jsonl.

JSONL has one article per line: ``text`` or ``html``, plus optional ``url``, ``title``, ``published_at``,
``source``, ``author``, ``language`` and ``id``. A bad line is a reject with its line number; the rest of the
file goes on.
"""

from __future__ import annotations

import glob
import json
import os
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import IO

from tasks.records import Hints, RawDocument, Reject
from tasks.sources import ItemStream

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
# Other modules register more suffixes (WARC) through EXTRA_HANDLERS.
EXTRA_HANDLERS: dict[str, object] = {}


def supported(path: Path) -> bool:
    name = path.name.lower()
    return (
        path.suffix.lower() in TEXT_SUFFIXES
        or path.suffix.lower() in JSONL_SUFFIXES
        or any(name.endswith(s) for s in EXTRA_HANDLERS)
    )


def expand(specs: Iterable[str | Path]) -> Iterator[Path | Reject]:
    """Files named by paths, folders and globs, in a stable order; unreadable specs become rejects."""
    seen: set[Path] = set()
    for spec in specs:
        spec_str = str(spec)
        if any(ch in spec_str for ch in "*?["):
            matches = sorted(Path(p) for p in glob.glob(spec_str, recursive=True))
            if not matches:
                yield Reject(spec_str, "discover", "no_match", "the glob matched no files")
            candidates: list[Path] = [m for m in matches if m.is_file() and supported(m)]
        else:
            path = Path(spec_str)
            if not path.exists():
                yield Reject(spec_str, "discover", "not_found", "no such file or folder")
                continue
            if path.is_dir():
                if not os.access(path, os.R_OK | os.X_OK):
                    yield Reject(spec_str, "discover", "unreadable", "permission denied on folder")
                    continue
                candidates = sorted(
                    p for p in path.rglob("*") if (p.is_file() or p.is_symlink()) and supported(p)
                )
            elif supported(path):
                candidates = [path]
            else:
                yield Reject(
                    spec_str,
                    "discover",
                    "unsupported_type",
                    f"{path.suffix or 'no suffix'}: expected .txt, .html, .htm, .jsonl"
                    + ("".join(f", {s}" for s in EXTRA_HANDLERS)),
                )
                continue
        for cand in candidates:
            resolved = cand.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield cand


def read_file(path: Path, max_bytes: int) -> RawDocument | Reject:
    """One .txt or .html file → a raw document (bytes), or a reject."""
    ref = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return Reject(ref, "discover", "too_large", f"{size} bytes > cap of {max_bytes}")
        data = path.read_bytes()
    except OSError as exc:
        return Reject(ref, "discover", "unreadable", exc.strerror or str(exc))
    kind = TEXT_SUFFIXES[path.suffix.lower()]
    return RawDocument(
        input_ref=ref,
        origin="file",
        kind=kind,  # type: ignore[arg-type]
        data=data,
        fetched_at=datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(tzinfo=None),
    )


def _hint(obj: dict, key: str) -> str | None:
    value = obj.get(key)
    return str(value) if value not in (None, "") else None


def _has_lone_surrogate(obj: object) -> bool:
    """True when a string anywhere in a parsed JSON value holds a lone surrogate (it cannot be stored)."""
    try:
        json.dumps(obj, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def parse_jsonl_line(line: str, ref: str) -> RawDocument | Reject:
    """One JSONL line → a raw document, or a ``malformed_jsonl`` / ``missing_field`` reject."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return Reject(ref, "discover", "malformed_jsonl", f"{exc.msg} at column {exc.colno}")
    except ValueError as exc:  # e.g. an integer over Python's 4300-digit limit
        return Reject(ref, "discover", "malformed_jsonl", str(exc)[:300])
    except RecursionError:
        return Reject(ref, "discover", "malformed_jsonl", "JSON nested too deeply")
    if "\\u" in line and _has_lone_surrogate(obj):
        why = "a \\uD800-\\uDFFF escape without its pair: not a Unicode character"
        return Reject(ref, "decode", "invalid_unicode", why)
    if not isinstance(obj, dict):
        return Reject(ref, "discover", "malformed_jsonl", f"expected an object, got {type(obj).__name__}")
    html, text = obj.get("html"), obj.get("text")
    if not isinstance(html, str) and not isinstance(text, str):
        return Reject(ref, "discover", "missing_field", "a JSONL article needs a 'text' or 'html' string")
    kind = "html" if isinstance(html, str) and html.strip() else "text"
    body = html if kind == "html" else text
    hints = Hints(
        title=_hint(obj, "title"),
        published_at=_hint(obj, "published_at") or _hint(obj, "date"),
        author=_hint(obj, "author"),
        source=_hint(obj, "source"),
        language=_hint(obj, "language"),
    )
    ident = _hint(obj, "id")
    return RawDocument(
        input_ref=ref,
        origin="jsonl",
        kind=kind,  # type: ignore[arg-type]
        data=body,  # type: ignore[arg-type]
        url=_hint(obj, "url"),
        hints=hints,
        identity=f"jsonl-id:{ident}" if ident else None,
    )


def _skip_rest_of_line(handle: IO[bytes], chunk: int = 1 << 20) -> int:
    """Read past the end of the current line, a chunk at a time; return the bytes skipped."""
    skipped = 0
    while part := handle.readline(chunk):
        skipped += len(part)
        if part.endswith(b"\n"):
            break
    return skipped


def read_jsonl(path: Path, max_bytes: int) -> ItemStream:
    """Stream a JSONL file line by line."""
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Reject(str(path), "discover", "unreadable", exc.strerror or str(exc))
        return
    with handle:
        lineno = 0
        while raw := handle.readline(max_bytes + 1):  # a line over the cap is never held whole in memory
            lineno += 1
            ref = f"{path}:{lineno}"
            if len(raw) > max_bytes:
                size = len(raw) + (0 if raw.endswith(b"\n") else _skip_rest_of_line(handle))
                yield Reject(ref, "discover", "too_large", f"line of {size} bytes > cap of {max_bytes}")
                continue
            if not raw.strip():
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Reject(
                    ref, "decode", "invalid_utf8", f"JSONL lines must be UTF-8; invalid byte at {exc.start}"
                )
                continue
            yield parse_jsonl_line(line, ref)


def discover(specs: Iterable[str | Path], max_bytes: int = 20_000_000) -> ItemStream:
    """Every input under ``specs``, streamed."""
    for item in expand(specs):
        if isinstance(item, Reject):
            yield item
            continue
        name = item.name.lower()
        handler = next((h for s, h in EXTRA_HANDLERS.items() if name.endswith(s)), None)
        if handler is not None:
            yield from handler(item, max_bytes)  # type: ignore[operator]
        elif item.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(item, max_bytes)
        else:
            yield read_file(item, max_bytes)
