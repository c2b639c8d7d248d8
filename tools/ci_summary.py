"""The last lines a failed CI run prints: what failed and, after a hang, where every thread was.

CI shows only the tail of a failed run. A hang dumps every thread's full stack (pytest-timeout's ``thread``
method, and faulthandler five minutes in), which is far longer than that tail, so the tail would show one
thread's frames only. This reads the saved ``make test`` output and prints, last, a few lines per fact:

- the failed and erroring tests (pytest's short summary);
- for the last stack dump: the test that was running, then each thread's name and its innermost frames.

Usage: ``python3 tools/ci_summary.py LOG``. Standard library only (CI runs it with the system Python).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

# pytest-timeout, thread method: "~~~~ Stack of <name> (<id>) ~~~~", then traceback.format_stack lines
TIMEOUT_THREAD = re.compile(r"~+ Stack of (.+?) \((\d+)\) ~+$")
# faulthandler: "Thread 0x... (most recent call first):" (or "Current thread ..."), then frame lines
FAULT_THREAD = re.compile(r"^(?:Current thread|Thread) (0x[0-9a-f]+) \(most recent call first\):$")
FRAME = re.compile(r'^\s*File "([^"]+)", line (\d+),? in (.+)$')
TEST_FILE = re.compile(r"^(\S*test_\w+\.py)\b")  # pytest's progress line: "tests/test_x.py ...."
FAULT_START = re.compile(r"Timeout \(\d+:\d\d:\d\d\)!$")
BANNER = re.compile(r"^\++ Timeout \++$")


def _short(path: str) -> str:
    for marker in ("/site-packages/", "/lib/python3.11/"):
        if marker in path:
            return path.split(marker, 1)[1]
    return "/".join(Path(path).parts[-2:])


def _dumps(lines: list[str]) -> list[tuple[str, int, list[tuple[str, list[tuple[str, str, str]]]]]]:
    """Every stack dump: (kind, line index, [(thread, frames innermost first)]).

    faulthandler starts a dump with "Timeout (0:05:00)!"; pytest-timeout puts its dump between two
    "+++ Timeout +++" banners."""
    dumps: list[tuple[str, int, list[tuple[str, list[tuple[str, str, str]]]]]] = []
    current: list[tuple[str, list[tuple[str, str, str]]]] | None = None
    for i, ln in enumerate(lines):
        s = ln.rstrip()
        if FAULT_START.search(s):
            current = []
            dumps.append(("faulthandler", i, current))
        elif BANNER.match(s):
            if dumps and dumps[-1][0] == "pytest-timeout" and current is dumps[-1][2] and current:
                current = None  # the closing banner
            else:
                current = []
                dumps.append(("pytest-timeout", i, current))
        elif current is not None:
            m, f, fr = TIMEOUT_THREAD.search(s), FAULT_THREAD.match(s.strip()), FRAME.match(s)
            if m or f:
                current.append((m.group(1) if m else f.group(1), []))  # type: ignore[union-attr]
            elif fr and current:
                current[-1][1].append(fr.groups())  # type: ignore[arg-type]
    # format_stack (pytest-timeout) lists the innermost frame last: turn those round
    return [(k, i, [(n, fs[::-1] if k == "pytest-timeout" else fs) for n, fs in ts]) for k, i, ts in dumps]


def summarize(lines: list[str], frames_per_thread: int = 2, threads_per_dump: int = 12) -> list[str]:
    """The summary lines of a pytest log (see the module docstring)."""
    out = [ln.strip() for ln in lines if ln.startswith(("FAILED ", "ERROR "))][-8:]
    dumps = _dumps(lines)
    shown = [d for d in dumps if d[0] == "faulthandler"][-1:] + [
        d for d in dumps if d[0] == "pytest-timeout"
    ][-1:]
    for kind, at, threads in sorted(shown, key=lambda d: d[1]):
        test = next((m.group(1) for ln in reversed(lines[: at + 1]) if (m := TEST_FILE.match(ln))), "?")
        out.append(f"{kind} dump at log line {at + 1}, in {test}: {len(threads)} threads")
        for name, frames in threads[:threads_per_dump]:
            where = " < ".join(f"{fn.strip()} {_short(p)}:{n}" for p, n, fn in frames[:frames_per_thread])
            out.append(f"  {name[:50]}: {where[:200]}")
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip().splitlines()[-2], file=sys.stderr)
        return 2
    lines = Path(argv[1]).read_text(encoding="utf-8", errors="replace").splitlines()
    summary = summarize(lines)
    if summary:
        print("---- summary of the failed run (tools/ci_summary.py) ----")
        print("\n".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
