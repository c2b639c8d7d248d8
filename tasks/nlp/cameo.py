"""CAMEO code tables: names, Goldstein weights, QuadClass and the CAMEO→PLOVER mapping.

The tables are data files in ``tasks/data/cameo`` (see its ``SOURCE.md``), read once per process.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CAMEO_DIR = Path(__file__).resolve().parents[1] / "data" / "cameo"


@dataclass(frozen=True, slots=True)
class CodeInfo:
    """What the tables say about one CAMEO event code."""

    code: str
    root: str
    name: str
    goldstein: float | None
    quad_class: int
    plover_event: str | None
    plover_mode: str | None


def quad_class(root: str) -> int:
    """GDELT QuadClass of a root code: 1 verbal coop (01–05), 2 material coop (06–08), 3 verbal conflict
    (09–13), 4 material conflict (14–20)."""
    n = int(root[:2])
    if n <= 5:
        return 1
    if n <= 8:
        return 2
    if n <= 13:
        return 3
    return 4


def _read_tab(path: Path) -> dict[str, str]:
    table: dict[str, str] = {}
    with path.open(encoding="utf-8") as fh:
        next(fh)  # header
        for line in fh:
            code, _, value = line.rstrip("\n").partition("\t")
            if code.strip():
                table[code.strip()] = value.strip()
    return table


def _read_plover(path: Path) -> dict[str, tuple[str, str | None]]:
    """``code: EVENT, mode, context # description`` lines → {code: (event, mode)}."""
    table: dict[str, tuple[str, str | None]] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or ":" not in line:
            continue
        code, _, rest = line.partition(":")
        code = code.strip()
        if not code.isdigit():
            continue
        parts = [p.strip() for p in rest.split(",")]
        event = parts[0] or None
        if event is None:
            continue
        mode = parts[1] if len(parts) > 1 and parts[1] else None
        table[code] = (event, mode)
    return table


@lru_cache(maxsize=1)
def tables() -> dict[str, CodeInfo]:
    """Every CAMEO code of the GDELT table with its name, Goldstein weight, QuadClass and PLOVER mapping."""
    names = _read_tab(CAMEO_DIR / "CAMEO.eventcodes.txt")
    goldstein = _read_tab(CAMEO_DIR / "CAMEO.goldsteinscale.txt")
    plover = _read_plover(CAMEO_DIR / "CAMEO2PLOVER-2021.txt")
    out: dict[str, CodeInfo] = {}
    for code, name in names.items():
        root = code[:2]
        # The most specific PLOVER row: the code itself, else its 3-digit parent, else the root.
        mapped = plover.get(code) or plover.get(code[:3]) or plover.get(root)
        g = goldstein.get(code)
        out[code] = CodeInfo(
            code=code,
            root=root,
            name=name,
            goldstein=float(g) if g not in (None, "") else None,
            quad_class=quad_class(root),
            plover_event=mapped[0] if mapped else None,
            plover_mode=mapped[1] if mapped else None,
        )
    return out


@lru_cache(maxsize=1)
def _intent_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for raw in (CAMEO_DIR / "intent_codes.tsv").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or line.startswith("act_prefix"):
            continue
        prefix, _, code = line.partition("\t")
        if not is_code(code.strip()):
            raise ValueError(f"intent_codes.tsv: unknown CAMEO code {code.strip()!r} for {prefix!r}")
        table[prefix.strip()] = code.strip()
    return table


def intent_code(code: str) -> str | None:
    """CAMEO's "express intent to" code (root 03) for an announced cooperative act of ``code`` ("will meet"
    → 036, "will give economic aid" → 0331), from ``intent_codes.tsv``; None for other roots."""
    table = _intent_table()
    for n in (4, 3, 2):
        if code[:n] in table:
            return table[code[:n]]
    return None


def info(code: str) -> CodeInfo:
    """The table entry of ``code``; unknown 4-digit codes fall back to their 3-digit parent's values."""
    table = tables()
    if code in table:
        return table[code]
    parent = table.get(code[:3]) or table.get(code[:2])
    if parent is None:
        raise KeyError(f"unknown CAMEO code {code!r}")
    return CodeInfo(
        code,
        parent.root,
        parent.name,
        parent.goldstein,
        parent.quad_class,
        parent.plover_event,
        parent.plover_mode,
    )


def is_code(code: str) -> bool:
    """True when ``code`` is in the CAMEO table."""
    return code in tables()


def generalises(parent: str, child: str) -> bool:
    """True when ``parent`` is a strict ancestor of ``child`` in the CAMEO hierarchy.

    A root-level code (the root plus "0": "040" Consult) generalises every code of its root ("046",
    "0461"); a 3-digit code generalises its 4-digit children ("104" → "1041").
    """
    if parent == child or child[:2] != parent[:2]:
        return False
    if parent == parent[:2] + "0" and len(parent) == 3:
        return True
    return len(parent) == 3 and len(child) == 4 and child.startswith(parent)


def compatible(a: str, b: str) -> bool:
    """The same code, or one generalises the other: two statements that can describe one event."""
    return a == b or generalises(a, b) or generalises(b, a)
