"""Scoring a database against the real-news gold (``newsevents eval news`` and ``eval agreement``).

The gold (``bench/gold/gold.jsonl``, made as ``docs/ANNOTATION.md`` says) has one record per event of an
article: a verbatim ``anchor`` (and other ``anchors``) of the sentences stating it, every acceptable source
and target code, the acceptable CAMEO roots, date, status and place. ``pages.tsv`` beside it lists the pages
(``id, group, published, words``).

A system event matches a gold record when one of its mentions' sentences contains one of the record's anchors
(compared as word sequences, so quotes and spacing do not matter), its root is one of the record's roots, and
its source and target agree with one of the acceptable variants (either order for symmetric events):

- **strict**: the full codes agree (``USAGOV`` = ``USAGOV``);
- **country**: the country part agrees (``USAGOV`` ~ ``USALEG`` ~ ``USA``; IGO spellings unified).

Matching is one-to-one: a second system event on a record already matched is a duplicate and counts against
precision. Precision is over every system event of the set's pages (required and optional records both
count as right); recall is over required records. Date, status and place accuracy are measured on the
country-level matches. Every unmatched event and every missed record gets an error class (the classes of
issue #11), with examples.
"""

from __future__ import annotations

import csv
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

WORD = re.compile(r"\w+", re.UNICODE)
SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]?[A-Z0-9])")
IGO_SPELLINGS = {
    "IGOUNO": "UN",
    "UNO": "UN",
    "IGOEEU": "EU",
    "EEC": "EU",
    "IGOWSTNAT": "NATO",
    "NAT": "NATO",
    "IGOICC": "ICC",
    "NGOAMN": "AMN",
    "IGOWHO": "WHO",
}
PRONOUNS = frozenset(
    {"he", "she", "him", "her", "his", "hers", "it", "its", "they", "them", "their", "we", "us", "our", "i"}
    | {"me", "my", "you", "your", "who", "which", "that", "this"}
)
ERROR_CLASSES = {
    "dateline": "1 dateline in an actor",
    "target": "2 target missing or wrong",
    "reported": "3 reported statement missed",
    "coordination": "4 coordination",
    "person": "5 person, surname or pronoun coded wrong",
    "nominal": "6 nominal event missed",
    "off_politics": "7 not an event (off politics, generic actor)",
    "background": "8 background history dated as today",
    "type": "event type wrong",
    "duplicate": "duplicate of a matched event",
    "actor": "actor country wrong",
    "no_event": "no event coded in the sentence",
}


# ------------------------------------------------------------------------------------------------ gold


@dataclass(slots=True)
class GoldEvent:
    page: str
    id: str
    required: bool
    anchors: list[str]
    sources: list[str]
    targets: list[str]
    roots: list[str]
    symmetric: bool
    date: str | None
    status: str
    place: str | None
    tags: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Page:
    id: str
    group: str
    published: str | None
    words: int


def load_gold(path: Path) -> list[GoldEvent]:
    """The records of a gold JSONL file (or of every ``*.jsonl`` in a folder)."""
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    out: list[GoldEvent] = []
    for f in files:
        for n, line in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                out.extend(load_gold_records([json.loads(line)]))
            except (KeyError, ValueError, TypeError) as exc:
                raise ValueError(f"{f}:{n}: not a gold record ({exc})") from exc
    return out


def load_gold_records(records: Iterable[dict[str, Any]]) -> list[GoldEvent]:
    """Gold records (parsed JSON objects) as :class:`GoldEvent`."""
    out: list[GoldEvent] = []
    for r in records:
        src, tgt = r["actors"]
        out.append(
            GoldEvent(
                page=r["article"],
                id=r["id"],
                required=bool(r.get("required", True)),
                anchors=[r["anchor"], *r.get("anchors", [])],
                sources=[s or "" for s in src] or [""],
                targets=[t or "" for t in tgt] or [""],
                roots=[str(x).zfill(2) for x in r["roots"]],
                symmetric=bool(r.get("symmetric", False)),
                date=r.get("date"),
                status=r.get("status", "occurred"),
                place=r.get("place"),
                tags=list(r.get("tags") or []),
            )
        )
    return out


def load_pages(path: Path) -> dict[str, Page]:
    """``pages.tsv``: ``id<TAB>group<TAB>published<TAB>words`` (a header line is allowed)."""
    pages: dict[str, Page] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if not row or row[0].startswith("#") or row[0] == "id":
                continue
            pid, group, published, words = [*row, "", "", "", "0"][:4]
            pages[pid] = Page(pid, group, published or None, int(words or 0))
    return pages


# ------------------------------------------------------------------------------------------- normalising


def words(text: str) -> str:
    """Lower-cased words joined by single spaces, with a space at both ends (for whole-word ``in``)."""
    return " " + " ".join(WORD.findall(text.lower().replace("’", "'"))) + " "


@lru_cache(maxsize=1)
def _countries() -> frozenset[str]:
    from tasks.nlp.actors import ACTOR_DIR, read_jsonl

    return frozenset(
        r["code"] for r in read_jsonl(ACTOR_DIR / "countries.jsonl") if r.get("type") == "country"
    )


def country_key(code: str | None) -> str:
    """The country (or IGO/group) part of a CAMEO-style code: ``USAGOV`` → ``USA``, ``IGOUNO`` → ``UN``."""
    if not code:
        return ""
    code = code.upper()
    if code in IGO_SPELLINGS:
        return IGO_SPELLINGS[code]
    if code[:3] in _countries():
        return code[:3]
    for spelled, key in IGO_SPELLINGS.items():
        if code.startswith(spelled):
            return key
    return code


# -------------------------------------------------------------------------------------------- system side


@dataclass(slots=True)
class SysEvent:
    page: str
    event_id: str
    sentences: list[str]
    actor1: str
    actor1_name: str
    actor2: str
    actor2_name: str
    root: str
    code: str
    symmetric: bool
    date: str | None
    precision: str | None
    status: str
    place: str | None
    confidence: float | None
    dateline: str = ""
    place_origin: str | None = None  # text | dateline (events.location_origin)


def _page_of(input_ref: str | None, url: str | None, ids: Iterable[str], urls: dict[str, str]) -> str | None:
    ref = input_ref or ""
    for pid in ids:
        if pid in ref:
            return pid
    return urls.get(url or "")


def read_system(db: Path, pages: dict[str, Page], urls: dict[str, str] | None = None) -> dict[str, Any]:
    """Events of the gold's pages from a newsevents database, with their mentions' sentences."""
    import duckdb

    from tasks.paths import sql_text

    conn = duckdb.connect(str(db), read_only=True)
    try:
        arts = conn.execute(sql_text("eval", "news_articles")).fetchall()
        page_of: dict[str, str] = {}
        words_of: dict[str, int] = {}
        datelines: dict[str, str] = {}
        for article_id, input_ref, url, word_count, text in arts:
            pid = _page_of(input_ref, url, pages, urls or {})
            if pid is None:
                continue
            page_of[article_id] = pid
            words_of[pid] = int(word_count or 0)
            datelines[pid] = dateline_of(text or "")
        rows = conn.execute(sql_text("eval", "news_events")).fetchall()
    finally:
        conn.close()
    events: list[SysEvent] = []
    for r in rows:
        article_id, event_id, a1, a1n, a2, a2n, root, code = r[:8]
        sym, d, prec, status, place, origin, conf, sents = r[8:]
        pid = page_of.get(article_id)
        if pid is None:
            continue
        events.append(
            SysEvent(
                page=pid,
                event_id=event_id,
                sentences=list(sents or []),
                actor1=a1 or "",
                actor1_name=a1n or "",
                actor2=a2 or "",
                actor2_name=a2n or "",
                root=root or "",
                code=code or "",
                symmetric=bool(sym),
                date=str(d) if d is not None else None,
                precision=prec,
                status=status or "occurred",
                place=place,
                confidence=conf,
                dateline=datelines.get(pid, ""),
                place_origin=origin,
            )
        )
    return {"events": events, "found": sorted(set(page_of.values())), "words": words_of}


DATELINE = re.compile(r"^\s*([A-Z][A-Z .'-]{2,40}(?:,\s*[A-Z][\w .'-]{1,30})?)\s*(?:\([^)]{1,40}\))?\s*[—–-]")


def dateline_of(text: str) -> str:
    """The dateline of an article body (``BEIRUT, Lebanon (AP) —``), or ``""``."""
    for line in text.splitlines()[:4]:
        m = DATELINE.match(line)
        if m:
            return m.group(1).strip()
    return ""


# ------------------------------------------------------------------------------------------------ matching


def _actor_ok(code: str, variants: Sequence[str], level: str) -> bool:
    if level == "strict":
        return code.upper() in {v.upper() for v in variants}
    return country_key(code) in {country_key(v) for v in variants}


def actors_agree(
    a1: str, a2: str, src: Sequence[str], tgt: Sequence[str], symmetric: bool, level: str
) -> bool:
    if _actor_ok(a1, src, level) and _actor_ok(a2, tgt, level):
        return True
    return symmetric and _actor_ok(a2, src, level) and _actor_ok(a1, tgt, level)


def same_sentence(s: SysEvent, g: GoldEvent) -> bool:
    sents = [words(x) for x in s.sentences]
    for anchor in g.anchors:
        a = words(anchor)
        if len(a.split()) < 2:
            continue
        if any(a in x for x in sents):
            return True
    return False


def match_level(s: SysEvent, g: GoldEvent) -> str | None:
    """``strict``, ``country`` or None."""
    if s.page != g.page or s.root not in g.roots or not same_sentence(s, g):
        return None
    sym = g.symmetric or s.symmetric
    if actors_agree(s.actor1, s.actor2, g.sources, g.targets, sym, "strict"):
        return "strict"
    if actors_agree(s.actor1, s.actor2, g.sources, g.targets, sym, "country"):
        return "country"
    return None


def align(system: Sequence[SysEvent], gold: Sequence[GoldEvent], level: str) -> dict[int, int]:
    """One-to-one system→gold pairs at ``level`` (strict pairs taken first, required records preferred)."""
    rank = {"strict": 0, "country": 1}
    cands: list[tuple[int, int, int, int]] = []
    for i, s in enumerate(system):
        for j, g in enumerate(gold):
            lv = match_level(s, g)
            if lv is None or rank[lv] > rank[level]:
                continue
            cands.append((rank[lv], 0 if g.required else 1, i, j))
    cands.sort()
    pairs: dict[int, int] = {}
    used: set[int] = set()
    for _, _, i, j in cands:
        if i in pairs or j in used:
            continue
        pairs[i] = j
        used.add(j)
    return pairs


def prf(tp_sys: int, n_sys: int, tp_gold: int, n_gold: int) -> dict[str, float]:
    p = tp_sys / n_sys if n_sys else 0.0
    r = tp_gold / n_gold if n_gold else 0.0
    return {
        "precision": round(p, 3),
        "recall": round(r, 3),
        "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
    }


def date_ok(s: SysEvent, gdate: str) -> bool:
    if not s.date:
        return False
    want = {4: "year", 7: "month", 10: "day"}.get(len(gdate))
    if want == "day" and s.precision not in (None, "day"):
        return False
    return s.date.startswith(gdate)


def place_ok(s: SysEvent, gplace: str) -> bool:
    if not s.place:
        return False
    a, b = words(s.place), words(gplace)
    return a in b or b in a


# ------------------------------------------------------------------------------------------------- errors


def _is_pronounish(name: str) -> bool:
    toks = name.lower().split()
    return bool(toks) and (toks[-1] in PRONOUNS or (len(toks) == 1 and name[:1].isupper() and len(name) > 2))


def classify_false_positive(
    s: SysEvent, gold: Sequence[GoldEvent], matched_gold: set[int], group: str
) -> str:
    dl = words(s.dateline) if s.dateline else ""
    if dl.strip() and any(n and words(n) in dl for n in (s.actor1_name, s.actor2_name)):
        return "dateline"
    here = [(j, g) for j, g in enumerate(gold) if g.page == s.page and same_sentence(s, g)]
    if group == "few-or-none" or not here:
        return "off_politics"
    for j, g in here:
        if s.root in g.roots and actors_agree(
            s.actor1, s.actor2, g.sources, g.targets, g.symmetric or s.symmetric, "country"
        ):
            return "duplicate" if j in matched_gold else "type"
    for _, g in here:
        if s.root in g.roots and _actor_ok(s.actor1, g.sources, "country"):
            return "target"
    for _, g in here:
        if s.root in g.roots:
            return "person" if _is_pronounish(s.actor1_name) else "actor"
    return "type"


def classify_miss(g: GoldEvent, system: Sequence[SysEvent]) -> str:
    here = [s for s in system if s.page == g.page and same_sentence(s, g)]
    if not here:
        for tag in ("nominal", "reported", "coordination", "background"):
            if tag in g.tags:
                return tag
        return "no_event"
    if not any(s.root in g.roots for s in here):
        return "type"
    for s in here:
        if s.root in g.roots and _actor_ok(s.actor1, g.sources, "country"):
            return "coordination" if "coordination" in g.tags else "target"
    if "person" in g.tags:
        return "person"
    if "dateline" in g.tags:
        return "dateline"
    return "actor"


def _example(s: SysEvent | None, g: GoldEvent | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if s is not None:
        out.update(
            page=s.page[:10],
            sentence=(s.sentences[0] if s.sentences else "")[:240],
            coded=f"{s.actor1 or '-'} {s.code} {s.actor2 or '-'}",
            names=f"{s.actor1_name or '-'} / {s.actor2_name or '-'}",
        )
    if g is not None:
        out.update(
            page=g.page[:10],
            gold_id=g.id,
            anchor=g.anchors[0],
            gold=f"{'|'.join(g.sources)} {'|'.join(g.roots)} {'|'.join(g.targets)}",
        )
    return out


# ------------------------------------------------------------------------------------------------- scoring


def score(
    system: Sequence[SysEvent],
    gold: Sequence[GoldEvent],
    pages: dict[str, Page],
    words_of: dict[str, int] | None = None,
    examples: int = 3,
) -> dict[str, Any]:
    """Every figure of ``newsevents eval news`` from system events and gold records (pure)."""
    words_of = words_of or {}
    n_sys = len(system)
    required = [j for j, g in enumerate(gold) if g.required]
    out: dict[str, Any] = {"pages": len(pages), "system_events": n_sys, "gold_required": len(required)}
    out["gold_optional"] = len(gold) - len(required)
    pairs_by_level = {}
    for level in ("strict", "country"):
        pairs = align(system, gold, level)
        pairs_by_level[level] = pairs
        tp_gold = sum(1 for j in pairs.values() if gold[j].required)
        out[level] = prf(len(pairs), n_sys, tp_gold, len(required))
    pairs = pairs_by_level["country"]
    # attributes on country-level matches
    dated = [(system[i], gold[j]) for i, j in pairs.items() if gold[j].date]
    placed = [(system[i], gold[j]) for i, j in pairs.items() if gold[j].place]
    out["date_accuracy"] = (
        round(sum(date_ok(s, g.date or "") for s, g in dated) / len(dated), 3) if dated else None
    )
    out["date_n"] = len(dated)
    out["status_accuracy"] = (
        round(sum(system[i].status == gold[j].status for i, j in pairs.items()) / len(pairs), 3)
        if pairs
        else None
    )
    out["status_n"] = len(pairs)
    out["place_accuracy"] = (
        round(sum(place_ok(s, g.place or "") for s, g in placed) / len(placed), 3) if placed else None
    )
    out["place_n"] = len(placed)
    by_origin: dict[str, dict[str, int]] = {}
    for s, g in placed:  # the dateline is a fallback: how often each source of a place is right
        slot = by_origin.setdefault(s.place_origin or "none", {"right": 0, "n": 0})
        slot["n"] += 1
        slot["right"] += place_ok(s, g.place or "")
    out["place_by_origin"] = dict(sorted(by_origin.items()))
    # per group
    groups: dict[str, dict[str, Any]] = {}
    for group in sorted({p.group for p in pages.values()}):
        ids = {p.id for p in pages.values() if p.group == group}
        sys_g = [s for s in system if s.page in ids]
        w = sum(words_of.get(pid) or pages[pid].words for pid in ids)
        groups[group] = {
            "pages": len(ids),
            "pages_with_events": len({s.page for s in sys_g}),
            "system_events": len(sys_g),
            "words": w,
            "events_per_1000_words": round(1000 * len(sys_g) / w, 3) if w else None,
        }
    out["groups"] = groups
    # tags: recall per difficulty
    tags: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    matched_gold = set(pairs.values())
    for j in required:
        for t in gold[j].tags or ["(none)"]:
            tags[t][1] += 1
            tags[t][0] += j in matched_gold
    out["recall_by_tag"] = {t: {"matched": m, "required": n} for t, (m, n) in sorted(tags.items())}
    # errors
    fp_kinds: Counter[str] = Counter()
    miss_kinds: Counter[str] = Counter()
    fp_examples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    miss_examples: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for i, s in enumerate(system):
        if i in pairs:
            continue
        kind = classify_false_positive(s, gold, matched_gold, pages[s.page].group if s.page in pages else "")
        fp_kinds[kind] += 1
        if len(fp_examples[kind]) < examples:
            fp_examples[kind].append(_example(s, None))
    for j in required:
        if j in matched_gold:
            continue
        kind = classify_miss(gold[j], system)
        miss_kinds[kind] += 1
        if len(miss_examples[kind]) < examples:
            near = next((s for s in system if s.page == gold[j].page and same_sentence(s, gold[j])), None)
            miss_examples[kind].append(_example(near, gold[j]))
    out["false_positives"] = {
        k: {"label": ERROR_CLASSES[k], "count": v, "examples": fp_examples[k]}
        for k, v in fp_kinds.most_common()
    }
    out["misses"] = {
        k: {"label": ERROR_CLASSES[k], "count": v, "examples": miss_examples[k]}
        for k, v in miss_kinds.most_common()
    }
    # confidence ranks: precision of the top half by confidence against the bottom half
    ranked = sorted(range(n_sys), key=lambda i: -(system[i].confidence or 0.0))
    half = n_sys // 2
    if half:
        top = sum(1 for i in ranked[:half] if i in pairs) / half
        bottom = sum(1 for i in ranked[half:] if i in pairs) / (n_sys - half)
        out["confidence"] = {"precision_top_half": round(top, 3), "precision_bottom_half": round(bottom, 3)}
    return out


# ---------------------------------------------------------------------------------------------- agreement


def sentence_of(body: str, anchor: str) -> int | None:
    """The index of the sentence of ``body`` where ``anchor`` starts (a simple splitter), or None."""
    pos = body.find(anchor)
    if pos < 0:
        return None
    return len(SENTENCE_END.findall(body[:pos]))


def agreement(a: Sequence[GoldEvent], b: Sequence[GoldEvent], bodies: dict[str, str]) -> dict[str, Any]:
    """Event F1 at country level between two annotators' required records (one-to-one, same sentence)."""

    def key(g: GoldEvent) -> set[int]:
        body = bodies.get(g.page, "")
        return {k for k in (sentence_of(body, x) for x in g.anchors) if k is not None}

    ra = [g for g in a if g.required]
    rb = [g for g in b if g.required]
    cands = []
    for i, x in enumerate(ra):
        for j, y in enumerate(rb):
            if x.page != y.page or not (key(x) & key(y)) or not (set(x.roots) & set(y.roots)):
                continue
            ok = any(
                actors_agree(s, t, y.sources, y.targets, x.symmetric or y.symmetric, "country")
                for s in x.sources
                for t in x.targets
            )
            if ok:
                cands.append((i, j))
    used_a: set[int] = set()
    used_b: set[int] = set()
    for i, j in cands:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
    m = len(used_a)
    any_a = {i for i, x in enumerate(ra) if any(x.page == y.page and key(x) & key(y) for y in b)}
    return {
        "a_required": len(ra),
        "b_required": len(rb),
        "matched": m,
        "f1": round(2 * m / (len(ra) + len(rb)), 3) if ra or rb else 1.0,
        "a_in_b_any_sentence": len(any_a),
    }
