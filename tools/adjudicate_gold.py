"""Merge two annotators' records into the gold (``bench/gold/gold.jsonl``), with adjudication decisions.

    python tools/adjudicate_gold.py --a bench/gold/A --b bench/gold/B \
        --articles ../shared/bench/articles/ground-truth.json --decisions bench/gold/decisions.jsonl

Records of A and B that state the same event (same sentence, a common root, compatible actors at country
level) are merged: the union of their anchors and acceptable codes and roots; required when either annotator
made it required. Every other record, and every merged record whose annotators disagree on date or status,
is a *dispute* when it matters (a record only one annotator made, which that annotator made required; or a
date or status the two gave differently): ``bench/gold/disputes.jsonl`` lists them for an adjudicator,
whose decisions (``{"key", "decision": "required" | "optional" | "drop", "date", "status"}``) are read from
``--decisions`` and applied. A dispute without a decision stays as the annotator wrote it, except that
a record only one annotator made is optional. The agreement is measured before any of this (see
``newsevents eval agreement``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsevents import evalnews as ev  # noqa: E402


def load(folder: Path) -> list[dict[str, Any]]:
    out = []
    for f in sorted(folder.glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(json.loads(line))
    return out


def as_gold(r: dict[str, Any]) -> ev.GoldEvent:
    return ev.load_gold_records([r])[0]


def same_event(x: dict[str, Any], y: dict[str, Any], bodies: dict[str, str]) -> bool:
    if x["article"] != y["article"]:
        return False
    gx, gy = as_gold(x), as_gold(y)
    body = bodies.get(x["article"], "")
    kx = {ev.sentence_of(body, a) for a in gx.anchors} - {None}
    ky = {ev.sentence_of(body, a) for a in gy.anchors} - {None}
    if not kx & ky or not set(gx.roots) & set(gy.roots):
        return False
    sym = gx.symmetric or gy.symmetric
    return any(
        ev.actors_agree(s, t, gy.sources, gy.targets, sym, "country") for s in gx.sources for t in gx.targets
    )


def union(*lists: list[Any]) -> list[Any]:
    out: list[Any] = []
    for lst in lists:
        for v in lst:
            if v not in out:
                out.append(v)
    return out


def merge(x: dict[str, Any], y: dict[str, Any]) -> dict[str, Any]:
    m = dict(x)
    m["anchors"] = [
        a for a in union([y["anchor"]], x.get("anchors", []), y.get("anchors", [])) if a != x["anchor"]
    ]
    m["actors"] = [union(x["actors"][0], y["actors"][0]), union(x["actors"][1], y["actors"][1])]
    m["roots"] = union(x["roots"], y["roots"])
    m["symmetric"] = bool(x.get("symmetric")) or bool(y.get("symmetric"))
    m["required"] = bool(x.get("required", True)) or bool(y.get("required", True))
    m["tags"] = union(x.get("tags", []), y.get("tags", []))
    if not m.get("place") and y.get("place"):
        m["place"] = y["place"]
    m["note"] = f"A: {x.get('note', '')} | B: {y.get('note', '')}"
    m["from"] = ["A", "B"]
    return m


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--a", type=Path, default=REPO / "bench/gold/A")
    p.add_argument("--b", type=Path, default=REPO / "bench/gold/B")
    p.add_argument("--articles", type=Path, required=True)
    p.add_argument("--decisions", type=Path, default=REPO / "bench/gold/decisions.jsonl")
    p.add_argument("--out", type=Path, default=REPO / "bench/gold/gold.jsonl")
    p.add_argument("--disputes", type=Path, default=REPO / "bench/gold/disputes.jsonl")
    args = p.parse_args(argv)
    bodies = {k: v["articleBody"] for k, v in json.loads(args.articles.read_text(encoding="utf-8")).items()}
    a, b = load(args.a), load(args.b)
    decisions: dict[str, dict[str, Any]] = {}
    if args.decisions.is_file():
        for line in args.decisions.read_text(encoding="utf-8").splitlines():
            if line.strip():
                d = json.loads(line)
                decisions[d["key"]] = d
    pages = sorted({r["article"] for r in a} | {r["article"] for r in b})
    gold: list[dict[str, Any]] = []
    disputes: list[dict[str, Any]] = []
    for page in pages:
        ra = [r for r in a if r["article"] == page]
        rb = [r for r in b if r["article"] == page]
        used_b: set[int] = set()
        merged: list[tuple[str, dict[str, Any], bool]] = []  # (key, record, disputed)
        for x in ra:
            j = next((j for j, y in enumerate(rb) if j not in used_b and same_event(x, y, bodies)), None)
            if j is None:
                r = dict(x, **{"from": ["A"]})
                merged.append((f"A:{x['id']}", r, bool(x.get("required", True))))
                continue
            used_b.add(j)
            y = rb[j]
            r = merge(x, y)
            split = x.get("date") != y.get("date") or x.get("status") != y.get("status")
            if split:
                r["alternatives"] = {
                    "A": [x.get("date"), x.get("status")],
                    "B": [y.get("date"), y.get("status")],
                }
            merged.append((f"A:{x['id']}+B:{y['id']}", r, split))
        for j, y in enumerate(rb):
            if j not in used_b:
                merged.append((f"B:{y['id']}", dict(y, **{"from": ["B"]}), bool(y.get("required", True))))
        n = 0
        for key, r, disputed in merged:
            d = decisions.get(key)
            if disputed and d is None:
                disputes.append(dict(r, key=key))
                if len(r["from"]) == 1:
                    r["required"] = False  # undecided single-annotator records count as optional
            if d is not None:
                if d["decision"] == "drop":
                    continue
                r["required"] = d["decision"] == "required"
                for k in ("date", "status", "actors", "roots", "place"):
                    if k in d:
                        r[k] = d[k]
                r["adjudication"] = d.get("reason", d["decision"])
            n += 1
            r["id"] = f"{page[:10]}-G{n}"
            r.pop("alternatives", None)
            gold.append(r)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in gold), encoding="utf-8")
    args.disputes.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in disputes), encoding="utf-8"
    )
    req = sum(1 for r in gold if r["required"])
    print(f"gold: {len(gold)} records ({req} required) on {len(pages)} pages; {len(disputes)} open disputes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
