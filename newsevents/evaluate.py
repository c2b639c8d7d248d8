"""Evaluation of the event coder on public gold sets (``newsevents eval ...``).

Three gold sets, read from the paths the user gives (the project keeps copies in ``../shared/bench``):

- ``plover``: the PLOVER gold-standard records (322 human-coded sentences from the CAMEO manual): event type
  (PLOVER 0.5b1 labels, mapped to 0.8: DEMAND→REQUEST, DISAPPROVE/INVESTIGATE→ACCUSE, FIGHT→ASSAULT) and
  source/target actors (country or IGO codes);
- ``cameo-examples``: the example sentence of each CAMEO code in the ICEWS codebook table (code only);
- ``petrarch``: PETRARCH-2's unit-test records (source, target, CAMEO code), coded with the PETRARCH
  validation dictionaries beside the file, converted on the fly into newsevents' dictionary format.

Each reports, for the coder and for a plain subject–verb–object baseline:
root-code (or event-type) accuracy of the sentence's first coded event; source/target/code triple precision,
recall and F1; actor precision and recall (source actors). The baseline takes the sentence's root verb, its
``nsubj`` and ``dobj`` looked up directly in the same actor dictionary, and the verb's first pattern in the
same verb dictionary: no passives, coordination, noun phrases, nominal events, coreference or roles.
"""

from __future__ import annotations

import csv
import json
import re
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

PLOVER_05_TO_08 = {"DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT"}
# Codes the CAMEO manual (and so the PLOVER gold) spells differently from ISO 3166 / newsevents.
GOLD_CODE_ALIASES = {"ITL": "ITA", "JAP": "JPN", "UK": "GBR", "UNK": "GBR"}
IGO_CODES = frozenset(
    {
        "NATO",
        "OSCE",
        "UN",
        "UNSC",
        "EU",
        "AU",
        "ASEAN",
        "APEC",
        "ARL",
        "GCC",
        "OPEC",
        "IMF",
        "WBK",
        "WTO",
        "IAEA",
        "WHO",
        "ICC",
        "ICJ",
        "CSTO",
        "SCO",
        "CIS",
        "OAS",
        "ECOWAS",
        "G7",
        "G20",
        "UNHCR",
    }
)
NGO_CODES = frozenset({"ICRC", "AMN", "HRW"})


@dataclass(slots=True)
class GoldItem:
    """One gold sentence and its codings."""

    id: str
    text: str
    day: date | None = None
    label: str | None = None  # PLOVER event type or CAMEO code of the first coding
    triples: list[tuple[str, str, str]] = field(default_factory=list)  # (source, target, label)
    sources: list[str] = field(default_factory=list)
    no_event: bool = False


@dataclass(slots=True)
class Scores:
    """Counts for one system on one gold set."""

    name: str
    sentences: int = 0
    label_hits: int = 0
    coded_sentences: int = 0
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    actor_tp: int = 0
    actor_pred: int = 0
    actor_gold: int = 0
    errors: Counter[str] = field(default_factory=Counter)

    @staticmethod
    def _div(a: float, b: float) -> float:
        return a / b if b else 0.0

    def as_dict(self) -> dict[str, Any]:
        p = self._div(self.tp, self.n_pred)
        r = self._div(self.tp, self.n_gold)
        ap = self._div(self.actor_tp, self.actor_pred)
        ar = self._div(self.actor_tp, self.actor_gold)
        return {
            "system": self.name,
            "sentences": self.sentences,
            "coverage": round(self._div(self.coded_sentences, self.sentences), 3),
            "label_accuracy": round(self._div(self.label_hits, self.sentences), 3),
            "triple_precision": round(p, 3),
            "triple_recall": round(r, 3),
            "triple_f1": round(self._div(2 * p * r, p + r), 3),
            "actor_precision": round(ap, 3),
            "actor_recall": round(ar, 3),
            "actor_f1": round(self._div(2 * ap * ar, ap + ar), 3),
            "errors": dict(self.errors.most_common(8)),
        }


# --------------------------------------------------------------------------------------------- gold sets


def load_plover(path: Path) -> list[GoldItem]:
    records = json.loads(path.read_text(encoding="utf-8"))
    items = []
    for rec in records:
        if rec.get("event") in (None, "DOCUMENT") or not rec.get("text"):
            continue
        label = PLOVER_05_TO_08.get(rec["event"], rec["event"])
        sources = [_gold_actor(a) for a in (rec.get("source") or []) if isinstance(a, dict)]
        targets = [_gold_actor(a) for a in (rec.get("target") or []) if isinstance(a, dict)]
        sources = [s for s in sources if s]
        targets = [t for t in targets if t]
        triples = [(s, t, label) for s in sources or [""] for t in targets or [""]]
        items.append(GoldItem(rec["id"], rec["text"], None, label, triples, sources))
    return items


def _gold_actor(a: dict[str, Any]) -> str:
    code = str(a.get("code") or "").strip().upper()
    code = GOLD_CODE_ALIASES.get(code, code)
    return "IGO" if code == "NGO" else code


def load_cameo_examples(path: Path) -> list[GoldItem]:
    items = []
    with path.open(encoding="latin-1", newline="") as fh:
        for row in csv.DictReader(fh):
            example = (row.get("example") or "").strip()
            code = (row.get("code") or "").strip()
            if not example or example == "NA" or not code:
                continue
            example = example.replace("\x92", "'").replace("\x93", '"').replace("\x94", '"')
            items.append(GoldItem(f"CAMEO-{code}", example, None, code, [("", "", code)], []))
    return items


def load_petrarch(path: Path) -> list[GoldItem]:
    tree = ET.parse(path)  # noqa: S314 - a local gold file the user points at, not untrusted input
    items = []
    for sent in tree.getroot().iter("Sentence"):
        text_el = sent.find("Text")
        if text_el is None or not (text_el.text or "").strip():
            continue
        text = " ".join((text_el.text or "").split())
        day = None
        raw = sent.get("date") or ""
        if re.fullmatch(r"\d{8}", raw):
            try:
                day = date(int(raw[:4]), int(raw[4:6]), int(raw[6:]))
            except ValueError:
                day = None
        triples: list[tuple[str, str, str]] = []
        no_event = False
        for ev in sent.findall("EventCoding"):
            if ev.get("noevents") or ev.get("error"):
                no_event = True
                continue
            s, t, c = ev.get("sourcecode") or "", ev.get("targetcode") or "", ev.get("eventcode") or ""
            if c:
                triples.append((s.upper(), t.upper(), c))
        label = triples[0][2] if triples else None
        items.append(
            GoldItem(
                sent.get("id") or "",
                text,
                day,
                label,
                triples,
                [s for s, _, _ in triples if s],
                no_event and not triples,
            )
        )
    return items


# ------------------------------------------------------------------------------------- PETRARCH dictionaries


def _petr_date(raw: str) -> str | None:
    raw = raw.strip()
    if re.fullmatch(r"\d{8}", raw):
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    if re.fullmatch(r"\d{6}", raw):
        century = "19" if int(raw[:2]) > 30 else "20"
        return f"{century}{raw[:2]}-{raw[2:4]}-{raw[4:]}"
    return None


def _petr_name(raw: str) -> str:
    return " ".join(raw.replace("_", " ").split()).title()


def convert_petrarch_actors(path: Path) -> list[dict[str, Any]]:
    """PETRARCH actor dictionary (``NAME [CODE]``, ``+SYNONYM``, dated code blocks) → newsevents records."""
    records: list[dict[str, Any]] = []
    current: dict[str, Any] | None = None

    def flush() -> None:
        if current and current["codes"]:
            if any(c.get("from") or c.get("to") for c in current["codes"]):
                records.append({"type": "person", "names": current["names"], "codes": current["codes"]})
            else:
                records.append(
                    {"type": "actor", "code": current["codes"][0]["code"], "names": current["names"]}
                )

    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip() or line.lstrip().startswith("<!--") or line.strip().endswith("-->"):
            continue
        if line.startswith("+"):
            if current is not None:
                current["names"].append(_petr_name(line[1:]))
            continue
        stripped = line.strip()
        if not line[0].isspace():
            flush()
            name, _, rest = stripped.partition("[")
            current = {"names": [_petr_name(name)], "codes": []}
            stripped = "[" + rest if rest else ""
        if current is None:
            continue
        for block in re.findall(r"\[([^\]]*)\]", stripped):
            parts = block.split()
            if not parts:
                continue
            code = parts[0].strip().upper()
            if not re.fullmatch(r"[A-Z]{2,}[A-Z0-9]*", code):
                continue
            spec = " ".join(parts[1:])
            entry: dict[str, Any] = {"code": code}
            if m := re.match(r"<\s*(\d+)", spec):
                entry["to"] = _petr_date(m.group(1))
            elif m := re.match(r">\s*(\d+)", spec):
                entry["from"] = _petr_date(m.group(1))
            elif m := re.match(r"(\d+)\s*-\s*(\d+)", spec):
                entry["from"], entry["to"] = _petr_date(m.group(1)), _petr_date(m.group(2))
            current["codes"].append(entry)
    flush()
    return records


def convert_petrarch_agents(path: Path) -> list[dict[str, Any]]:
    """PETRARCH agents (``WORD {PLURAL} [~ROLE]``) → newsevents agent records, one per role."""
    by_role: dict[str, list[str]] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line or line.startswith("<!--") or "!" in line:
            continue
        m = re.match(r"([^\[{]+?)\s*(?:\{([^}]*)\})?\s*\[\s*~([A-Z]+)\s*\]", line)
        if not m:
            continue
        word = " ".join(m.group(1).replace("_", " ").split()).lower()
        by_role.setdefault(m.group(3), []).append(word)
        if m.group(2):
            by_role[m.group(3)].append(" ".join(m.group(2).replace("_", " ").split()).lower())
    return [{"type": "agent", "role": role, "words": words} for role, words in by_role.items()]


# --------------------------------------------------------------------------------------------- running


def build_nlp(model: str | None, extra_dictionaries: Sequence[str] = ()) -> Any:
    """A fresh model with the newsevents components (and the extra dictionaries, which win over built-ins)."""
    if not extra_dictionaries:
        from tasks.nlp.model import load_model

        return load_model(model)
    import spacy

    from tasks.nlp import components
    from tasks.nlp.model import UNUSED_COMPONENTS, resolve_model_name

    nlp = spacy.load(resolve_model_name(model), exclude=list(UNUSED_COMPONENTS))
    components.add_to_pipeline(nlp, extra_dictionaries=list(extra_dictionaries))
    return nlp


def parse_items(nlp: Any, items: Sequence[GoldItem]) -> list[Any]:
    docs = []
    for it in items:
        doc = nlp.make_doc(it.text)
        doc._.newsevents_text = it.text
        doc._.newsevents_published = datetime.combine(it.day, datetime.min.time()) if it.day else None
        docs.append(doc)
    return list(nlp.pipe(docs, batch_size=64))


@dataclass(slots=True)
class Prediction:
    source: str
    target: str
    code: str
    depth: int = 0  # distance of the trigger from the sentence root


def _depth(tok: Any) -> int:
    d = 0
    while tok.head != tok and d < 50:
        tok = tok.head
        d += 1
    return d


def coder_predictions(doc: Any, principal_only: bool = False) -> list[Prediction]:
    """The coder's events as rows are written: with a source, or violence with a named victim and none
    (:func:`tasks.nlp.relevance.stands_without_source`); ``principal_only`` keeps the event nearest the
    root of the parse (the sentence's main event), for gold sets that code exactly one event per sentence."""
    from tasks.nlp.relevance import stands_without_source

    out = []
    for m in doc._.newsevents_events or []:
        if m.source is None and not stands_without_source(m):
            continue
        out.append(
            Prediction(
                m.source.code if m.source else "",
                m.target.code if m.target else "",
                m.code,
                _depth(doc[m.trigger_i]),
            )
        )
    if principal_only and out:
        best = min(out, key=lambda p: p.depth)
        out = [p for p in out if p.depth == best.depth][:1]
    return out


def baseline_predictions(doc: Any) -> list[Prediction]:
    """Root verb + nsubj + dobj, each looked up as written; the verb's first pattern."""
    resolver = doc._.newsevents_resolver
    coder = _coder_of(doc)
    out: list[Prediction] = []
    for sent in doc.sents:
        root = sent.root
        if root.pos_ not in ("VERB", "AUX"):
            continue
        pats = [p for p in coder.verb_patterns(root) if p.code and not p.light]
        if not pats:
            continue
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        obj = next((c for c in root.children if c.dep_ == "dobj"), None)
        s = _direct_code(resolver, subj)
        if not s:
            continue
        out.append(Prediction(s, _direct_code(resolver, obj) or "", pats[0].code or ""))
    return out


_CODER: dict[int, Any] = {}


def _coder_of(doc: Any) -> Any:
    from tasks.nlp.events import Coder, load_verbs

    key = 0
    if key not in _CODER:
        _CODER[key] = Coder(load_verbs())
    return _CODER[key]


def _direct_code(resolver: Any, tok: Any) -> str | None:
    if tok is None or resolver is None:
        return None
    e = resolver.entry_at(tok.i)
    if e is None or e.kind == "agent":
        return None
    return e.code_on(resolver.published)


@lru_cache(maxsize=1)
def international_codes() -> frozenset[str]:
    """Codes of international organisations: the built-in list plus every actor-dictionary entry whose
    ``kind`` is igo or ngo (so a user's added IGO is compared as one)."""
    from tasks.nlp.actors import ACTOR_DIR, read_jsonl

    found = set(IGO_CODES | NGO_CODES)
    for path in sorted(ACTOR_DIR.glob("*.jsonl")):
        for rec in read_jsonl(path):
            if rec.get("kind") in ("igo", "ngo") and rec.get("code"):
                found.add(str(rec["code"]))
    return frozenset(found)


def _actor_key(code: str, kind: str) -> str:
    """Compare at the level the gold set codes: PLOVER gives country (or IGO/NGO) codes."""
    if kind != "plover" or not code:
        return code
    # The PLOVER gold codes international NGOs (Amnesty, Red Cross) as IGO or NGO without a clear rule:
    # both count as one class of non-state international organisation.
    if code in international_codes() or code.startswith(("IGO", "NGO")):
        return "IGO"
    return code[:3]


def _label(code: str, kind: str) -> str:
    if kind == "plover":
        from tasks.nlp import cameo

        try:
            return cameo.info(code).plover_event or f"CAMEO{code[:2]}"
        except KeyError:
            return "?"
    return code


def score(items: Sequence[GoldItem], preds: Sequence[list[Prediction]], kind: str, name: str) -> Scores:
    sc = Scores(name)
    for it, pred in zip(items, preds, strict=True):
        if it.no_event and not it.triples:
            sc.n_pred += len(pred)
            if pred:
                sc.errors["event coded where the gold has none"] += 1
            continue
        sc.sentences += 1
        if pred:
            sc.coded_sentences += 1
        labels = [_label(p.code, kind) for p in pred]
        gold_label = it.label or ""
        if kind == "cameo" or kind == "petrarch":
            hit = bool(labels) and labels[0][:2] == gold_label[:2]
        else:
            hit = bool(labels) and labels[0] == gold_label
        sc.label_hits += int(hit)
        if not pred:
            sc.errors["no event coded"] += 1
        elif not hit:
            if any((lab[:2] == gold_label[:2]) if kind != "plover" else lab == gold_label for lab in labels):
                sc.errors["right code, but not the first event of the sentence"] += 1
            else:
                sc.errors[f"wrong {'event type' if kind == 'plover' else 'root'}"] += 1
        # triples
        if kind == "cameo":
            gold_triples = {("", "", gold_label[:2])}
            pred_triples = {("", "", lab[:2]) for lab in labels}
        else:
            gold_triples = {(_actor_key(s, kind), _actor_key(t, kind), lab) for s, t, lab in it.triples}
            pred_triples = {
                (_actor_key(p.source, kind), _actor_key(p.target, kind), lab)
                for p, lab in zip(pred, labels, strict=True)
            }
        sc.tp += len(gold_triples & pred_triples)
        sc.n_pred += len(pred_triples)
        sc.n_gold += len(gold_triples)
        if kind != "cameo":
            gold_src = {_actor_key(s, kind) for s in it.sources if s}
            pred_src = {_actor_key(p.source, kind) for p in pred if p.source}  # no source: nothing claimed
            sc.actor_tp += len(gold_src & pred_src)
            sc.actor_pred += len(pred_src)
            sc.actor_gold += len(gold_src)
            if pred and gold_src and not (gold_src & pred_src):
                sc.errors["wrong source actor"] += 1
            if hit and pred and gold_src and (gold_src & pred_src) and not (gold_triples & pred_triples):
                sc.errors["right source and event, wrong or missing target"] += 1
    return sc


def evaluate(kind: str, path: Path, model: str | None = None, limit: int | None = None) -> dict[str, Any]:
    """Run the coder and the baseline on one gold set; return both score tables and examples of misses."""
    extra: list[str] = []
    tmpdir = None
    if kind == "plover":
        items = load_plover(path)
    elif kind == "cameo":
        items = load_cameo_examples(path)
    elif kind == "petrarch":
        items = load_petrarch(path)
        tmpdir = tempfile.TemporaryDirectory(prefix="newsevents-petr-")
        folder = path.parent
        records: list[dict[str, Any]] = []
        if (folder / "PETR.Validate.actors.txt").exists():
            records += convert_petrarch_actors(folder / "PETR.Validate.actors.txt")
        if (folder / "PETR.Validate.agents.txt").exists():
            records += convert_petrarch_agents(folder / "PETR.Validate.agents.txt")
        dict_path = Path(tmpdir.name) / "petrarch_validation.jsonl"
        dict_path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        extra = [str(dict_path)]
    else:
        raise ValueError(f"unknown gold set {kind!r}")
    if limit:
        items = items[:limit]
    try:
        nlp = build_nlp(model, extra)
        docs = parse_items(nlp, items)
    finally:
        if tmpdir is not None:
            tmpdir.cleanup()
    one_per_sentence = kind in ("plover", "cameo")
    coder = [coder_predictions(d, principal_only=one_per_sentence) for d in docs]
    base = [baseline_predictions(d) for d in docs]
    coder_scores = score(items, coder, kind, "newsevents")
    base_scores = score(items, base, kind, "svo-baseline")
    misses: list[dict[str, Any]] = []
    for it, pred in zip(items, coder, strict=True):
        if len(misses) >= 15:
            break
        if it.triples and (
            not pred
            or _label(pred[0].code, kind)[: 2 if kind != "plover" else None]
            != (it.label or "")[: 2 if kind != "plover" else None]
        ):
            misses.append(
                {
                    "id": it.id,
                    "text": it.text[:160],
                    "gold": it.triples[:2],
                    "predicted": [(p.source, p.target, p.code) for p in pred[:3]],
                }
            )
    return {
        "gold_set": kind,
        "path": str(path),
        "items": len(items),
        "coder": coder_scores.as_dict(),
        "baseline": base_scores.as_dict(),
        "misses": misses,
    }


def iter_rows(result: dict[str, Any]) -> Iterable[tuple[str, str, str]]:
    """(metric, coder, baseline) rows for printing."""
    c, b = result["coder"], result["baseline"]
    for key in (
        "sentences",
        "coverage",
        "label_accuracy",
        "triple_precision",
        "triple_recall",
        "triple_f1",
        "actor_precision",
        "actor_recall",
        "actor_f1",
    ):
        yield key, str(c[key]), str(b[key])


# --------------------------------------------------------------------------------------------- CLI

import typer  # noqa: E402  (the CLI part of this module; the functions above need no Typer)

eval_app = typer.Typer(
    name="eval",
    help="Measure the event coder on gold sets (PLOVER records, CAMEO codebook examples, PETRARCH unit "
    "tests) "
    "against a plain subject-verb-object baseline.",
    no_args_is_help=True,
)

_PathArg = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="The gold file.")
_ModelOpt = typer.Option(None, "--model", help="spaCy model name or path (default: the `model` setting).")
_JsonOpt = typer.Option(False, "--json", help="Print the full result (scores, error kinds, misses) as JSON.")
_LimitOpt = typer.Option(None, "--limit", help="Only the first N gold sentences (quick checks).")


def _report(kind: str, path: Path, model: str | None, as_json: bool, limit: int | None) -> None:
    from rich.console import Console
    from rich.table import Table

    result = evaluate(kind, path, model=model, limit=limit)
    out = Console()
    if as_json:
        out.print_json(json.dumps(result, default=str))
        return
    table = Table(title=f"newsevents eval {kind} · {result['items']} gold sentences", title_justify="left")
    table.add_column("metric")
    table.add_column("newsevents", justify="right")
    table.add_column("svo baseline", justify="right")
    for metric, c, b in iter_rows(result):
        table.add_row(metric, c, b)
    out.print(table)
    errs = Table(title="most common error kinds (newsevents)", title_justify="left")
    errs.add_column("error")
    errs.add_column("sentences", justify="right")
    for k, v in result["coder"]["errors"].items():
        errs.add_row(k, str(v))
    out.print(errs)


@eval_app.command("plover")
def eval_plover(
    path: Path = _PathArg,
    model: str | None = _ModelOpt,
    as_json: bool = _JsonOpt,
    limit: int | None = _LimitOpt,
) -> None:
    """PLOVER gold records (PLOVER_GSR_CAMEO.txt): event-type accuracy, source/target/event triples,
    actor P/R."""
    _report("plover", path, model, as_json, limit)


@eval_app.command("cameo-examples")
def eval_cameo(
    path: Path = _PathArg,
    model: str | None = _ModelOpt,
    as_json: bool = _JsonOpt,
    limit: int | None = _LimitOpt,
) -> None:
    """CAMEO codebook example sentences (icews-cameo-codes.csv, latin-1): root-code accuracy per code."""
    _report("cameo", path, model, as_json, limit)


@eval_app.command("petrarch")
def eval_petrarch(
    path: Path = _PathArg,
    model: str | None = _ModelOpt,
    as_json: bool = _JsonOpt,
    limit: int | None = _LimitOpt,
) -> None:
    """PETRARCH-2 unit-test records (PETR.UnitTest.records.xml), coded with the PETR.Validate.* dictionaries
    found beside the file: root accuracy, (source, target, code) triples, source-actor P/R."""
    _report("petrarch", path, model, as_json, limit)


# -------------------------------------------------------------------------------------------- real news


def ingest_pages(pages_dir: Path, ids: Sequence[str], db: Path, model: str | None = None) -> None:
    """Ingest the gold's pages (``<id>.html.gz`` or ``<id>.html`` in ``pages_dir``) into a new database
    ``db``, through the real ``newsevents ingest`` command in a child process."""
    import gzip
    import subprocess
    import sys

    with tempfile.TemporaryDirectory(prefix="newsevents-eval-") as tmp:
        missing = []
        for pid in ids:
            gz, plain = pages_dir / f"{pid}.html.gz", pages_dir / f"{pid}.html"
            if gz.is_file():
                (Path(tmp) / f"{pid}.html").write_bytes(gzip.decompress(gz.read_bytes()))
            elif plain.is_file():
                (Path(tmp) / f"{pid}.html").write_bytes(plain.read_bytes())
            else:
                missing.append(pid)
        if missing:
            raise FileNotFoundError(
                f"{len(missing)} gold pages not in {pages_dir}: {', '.join(missing[:3])} ..."
            )
        cmd = [
            sys.executable,
            "-m",
            "newsevents.cli",
            "ingest",
            tmp,
            "--db",
            str(db),
            "--orchestrator",
            "local",
        ]
        cmd += ["--quiet", "--workers", "1"] + (["--model", model] if model else [])
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)  # noqa: S603, RUF100  (argument list: this interpreter, our CLI, a temp folder)
        if done.returncode != 0:
            raise RuntimeError(f"ingest failed ({done.returncode}): {done.stderr.strip()[-500:]}")


def evaluate_news(
    gold_path: Path,
    db: Path | None = None,
    pages_dir: Path | None = None,
    save_db: Path | None = None,
    model: str | None = None,
    examples: int = 3,
) -> dict[str, Any]:
    """Score a database (``db``), or the gold's pages freshly ingested from ``pages_dir``, against the
    gold."""
    from newsevents import evalnews

    gold = evalnews.load_gold(gold_path)
    pages_tsv = (gold_path if gold_path.is_dir() else gold_path.parent) / "pages.tsv"
    if not pages_tsv.is_file():
        raise FileNotFoundError(f"{pages_tsv} not found: the gold's page list (id, group, published, words)")
    pages = evalnews.load_pages(pages_tsv)
    with tempfile.TemporaryDirectory(prefix="newsevents-eval-db-") as tmp:
        if pages_dir is not None:
            target = save_db or Path(tmp) / "eval-news.duckdb"
            if target.exists():
                raise FileExistsError(f"{target} exists: --save-db takes a new file")
            ingest_pages(pages_dir, sorted(pages), target, model)
            db = target
        if db is None:
            raise ValueError(
                "give --db DB (an ingested database) or --pages DIR (the gold's pages to ingest)"
            )
        system = evalnews.read_system(db, pages)
        if not system["found"]:
            raise ValueError(
                f"none of the gold's {len(pages)} pages is in {db}: ingest them first, or use --pages DIR"
            )
        result = evalnews.score(system["events"], gold, pages, system["words"], examples=examples)
    result["pages_found"] = len(system["found"])
    result["pages_missing"] = sorted(set(pages) - set(system["found"]))
    return result


def print_news(result: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    out = Console()
    t = Table(
        title=f"newsevents eval news · {result['pages_found']}/{result['pages']} pages · "
        f"{result['system_events']} system events · {result['gold_required']} required gold events "
        f"(+{result['gold_optional']} optional)",
        title_justify="left",
    )
    for col in ("level", "precision", "recall", "F1"):
        t.add_column(col, justify="right" if col != "level" else "left")
    for level in ("strict", "country"):
        r = result[level]
        t.add_row(level, f"{r['precision']:.3f}", f"{r['recall']:.3f}", f"{r['f1']:.3f}")
    out.print(t)
    a = Table(title="on country-level matches", title_justify="left")
    a.add_column("attribute")
    a.add_column("accuracy", justify="right")
    a.add_column("n", justify="right")
    for k in ("date", "status", "place"):
        v = result[f"{k}_accuracy"]
        a.add_row(k, "-" if v is None else f"{v:.3f}", str(result[f"{k}_n"]))
    for origin, r in result.get("place_by_origin", {}).items():  # text, dateline (a fallback), none
        a.add_row(f"  place from {origin}", f"{r['right'] / r['n']:.3f}", str(r["n"]))
    out.print(a)
    g = Table(title="by page group", title_justify="left")
    for col in ("group", "pages", "with events", "events", "words", "events / 1,000 words"):
        g.add_column(col, justify="left" if col == "group" else "right")
    for name, r in result["groups"].items():
        g.add_row(
            name, str(r["pages"]), str(r["pages_with_events"]), str(r["system_events"]), str(r["words"]),
            "-" if r["events_per_1000_words"] is None else f"{r['events_per_1000_words']:.2f}",
        )  # fmt: skip
    out.print(g)
    tg = Table(title="recall by difficulty tag (required gold events)", title_justify="left")
    tg.add_column("tag")
    tg.add_column("matched / required", justify="right")
    for tag, r in result["recall_by_tag"].items():
        tg.add_row(tag, f"{r['matched']} / {r['required']}")
    out.print(tg)
    for key, title in (("false_positives", "unmatched system events"), ("misses", "missed required events")):
        e = Table(title=title, title_justify="left", show_lines=True)
        e.add_column("class")
        e.add_column("n", justify="right")
        e.add_column("example")
        for r in result[key].values():
            ex = r["examples"][0] if r["examples"] else {}
            text = " · ".join(
                f"{k}: {v}" for k, v in ex.items() if k in ("coded", "names", "gold", "sentence", "anchor")
            )
            e.add_row(r["label"], str(r["count"]), text)
        out.print(e)
    if "confidence" in result:
        c = result["confidence"]
        out.print(
            f"confidence ranks: precision {c['precision_top_half']:.3f} in the top half against "
            f"{c['precision_bottom_half']:.3f} in the bottom half"
        )
    if result["pages_missing"]:
        out.print(f"[yellow]pages not in the database: {len(result['pages_missing'])}[/]")


_GoldArg = typer.Argument(..., exists=True, help="The gold: bench/gold/gold.jsonl (pages.tsv beside it).")
_DbOpt = typer.Option(None, "--db", exists=True, dir_okay=False, help="Score this database.")
_PagesOpt = typer.Option(
    None,
    "--pages",
    exists=True,
    file_okay=False,
    help="Ingest the gold's pages (<id>.html[.gz]) from this folder into a fresh database first, then score "
    "it (e.g. ../shared/bench/articles/html).",
)
_SaveDbOpt = typer.Option(None, "--save-db", help="With --pages: keep the fresh database here.")
_ExamplesOpt = typer.Option(3, "--examples", help="Examples kept per error class.")
_AnnotatorArg = typer.Argument(..., exists=True, help="An annotator's folder (or file) of gold records.")
_ArticlesOpt = typer.Option(
    ..., "--articles", exists=True, dir_okay=False, help="ground-truth.json with each page's articleBody."
)


@eval_app.command("news")
def eval_news(
    gold: Path = _GoldArg,
    db: Path | None = _DbOpt,
    pages: Path | None = _PagesOpt,
    save_db: Path | None = _SaveDbOpt,
    model: str | None = _ModelOpt,
    as_json: bool = _JsonOpt,
    examples: int = _ExamplesOpt,
) -> None:
    """Real-news gold (bench/gold): precision, recall and F1 at strict and country level; date, status and
    place accuracy; events per 1,000 words on the few-or-none pages; errors by class with examples."""
    try:
        result = evaluate_news(gold, db=db, pages_dir=pages, save_db=save_db, model=model, examples=examples)
    except (FileNotFoundError, FileExistsError, ValueError, RuntimeError) as exc:
        from rich.console import Console

        Console(stderr=True).print(f"[bold red]error:[/] {exc}", soft_wrap=True)
        raise typer.Exit(2) from None
    if as_json:
        print(json.dumps(result, indent=2, default=str))
    else:
        print_news(result)


@eval_app.command("agreement")
def eval_agreement(
    a: Path = _AnnotatorArg,
    b: Path = _AnnotatorArg,
    articles: Path = _ArticlesOpt,
    as_json: bool = _JsonOpt,
) -> None:
    """Agreement between two annotators: event F1 at country level over required records."""
    from newsevents import evalnews

    bodies = {k: v["articleBody"] for k, v in json.loads(articles.read_text(encoding="utf-8")).items()}
    result = evalnews.agreement(evalnews.load_gold(a), evalnews.load_gold(b), bodies)
    if as_json:
        print(json.dumps(result, indent=2))
    else:
        print(
            f"required records: A {result['a_required']}, B {result['b_required']}; matched at country level "
            f"{result['matched']}; event F1 {result['f1']:.3f}"
        )
