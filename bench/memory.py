"""Peak memory of a real ``newsevents ingest`` fed by an RSS feed: ``python -m bench.memory``.

The benchmark corpus (:mod:`bench.corpus`: real pages, repeated and varied up to N documents) is served by
an HTTP server on 127.0.0.1 in this process: one RSS 2.0 feed per size (``/feed-<N>.xml``, one item per
page) and the pages themselves. For each size and each worker count, ``newsevents ingest --feed URL`` runs
in a fresh process on a fresh DuckDB file (``--allow-private-hosts``, politeness limits lifted for the
loopback host), and the peak RSS of the process and its children is sampled every 50 ms
(:func:`bench.run.measure`). Runs are interleaved (each size at 1 worker, then at 2, ...), so the figures
compared sit side by side in one run on a shared machine.

Results go to stdout, to ``bench/results/memory-*.json`` and into the marked memory section of
``docs/BENCHMARKS.md``.
"""

from __future__ import annotations

import argparse
import html
import sys
import tempfile
import threading
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from bench.run import DEFAULT_CORPUS, REPO, Harness, Run, _fresh_db, machine, measure, publish

BEGIN = "<!-- bench-memory:begin (written by python -m bench.memory; edit outside this block) -->"
END = "<!-- bench-memory:end -->"
TARGET = 1.10  # peak RSS at the large N within 1.1x of that at the small N


class FeedServer:
    """Serves ``/feed-<n>.xml`` (RSS 2.0) and ``/pages/<name>`` from folders of .html files, on 127.0.0.1."""

    def __init__(self, corpora: dict[int, Path]) -> None:
        self.pages: dict[str, Path] = {}
        self.feeds: dict[str, bytes] = {}
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        for n, folder in corpora.items():
            items = []
            for path in sorted(folder.glob("*.html")):
                name = f"{n}/{path.name}"
                self.pages[name] = path
                link = html.escape(f"{self.base}/pages/{name}")
                items.append(f"<item><title>{html.escape(path.stem)}</title><link>{link}</link></item>")
            self.feeds[f"feed-{n}.xml"] = (
                '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
                f"<title>bench {n}</title>{''.join(items)}</channel></rss>"
            ).encode()
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def feed_url(self, n: int) -> str:
        return f"{self.base}/feed-{n}.xml"

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                path = self.path.split("?", 1)[0].lstrip("/")
                body, ctype = b"not found", "text/plain"
                status = 404
                if path in server.feeds:
                    body, ctype, status = server.feeds[path], "application/rss+xml", 200
                elif path.startswith("pages/") and path[6:] in server.pages:
                    body, ctype, status = server.pages[path[6:]].read_bytes(), "text/html; charset=utf-8", 200
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


def run(args: argparse.Namespace) -> dict[str, Any]:
    from bench.corpus import materialize

    corpus = Path(args.corpus)
    work = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="newsevents-memory-"))
    work.mkdir(parents=True, exist_ok=True)
    info = machine()
    sizes = sorted(set(args.sizes))
    folders = {}
    for n in sizes:
        folders[n] = work / f"docs-{n}"
        print(f"corpus: {n} documents in {folders[n]}", file=sys.stderr, flush=True)
        materialize(corpus, n, folders[n], seed=args.seed)
    h = Harness(work, args.batch_size, 8, "local", args.model)
    env = dict(h.env)
    # The loopback host is the benchmark's own server: no politeness delay, enough fetches in flight.
    env.update(
        NEWSEVENTS_ALLOW_PRIVATE_HOSTS="1",
        NEWSEVENTS_FETCH__PER_HOST_RATE="0",
        NEWSEVENTS_FETCH__PER_HOST_CONCURRENCY="8",
        NEWSEVENTS_FETCH__RESPECT_ROBOTS="false",
    )
    runs: dict[str, list[dict[str, Any]]] = {}
    with FeedServer(folders) as srv:
        for r in range(args.repeat):
            for n in sizes:
                for w in args.workers:
                    cmd = [
                        *h.newsevents, "ingest", "--feed", srv.feed_url(n),
                        "--db", str(_fresh_db(work, f"mem-{n}-w{w}")), "--workers", str(w),
                        "--batch-size", str(args.batch_size), "--orchestrator", "local", "--json", "--quiet",
                    ]  # fmt: skip
                    if args.model:
                        cmd += ["--model", args.model]
                    result: Run = measure(cmd, cwd=work, env=env)
                    res = result.result
                    print(
                        f"  repeat {r + 1}: {n:>5} docs, {w} worker(s): peak {result.rss_mb:7.0f} MB "
                        f"(largest process {result.max_proc_mb:.0f} MB), {result.wall_s:.1f} s, "
                        f"loaded {res.get('loaded')}, inputs {res.get('inputs')}",
                        file=sys.stderr,
                        flush=True,
                    )
                    runs.setdefault(f"{n}/w{w}", []).append(
                        {"rss_mb": result.rss_mb, "max_proc_mb": result.max_proc_mb, "wall_s": result.wall_s,
                         "cpu_s": result.cpu_s, "result": res}
                    )  # fmt: skip
    info["loadavg_end"] = machine()["loadavg_start"]
    return {
        "args": {k: v for k, v in vars(args).items()},
        "machine": info,
        "runs": runs,
        "when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
    }


def markdown(results: dict[str, Any], command: str) -> str:
    import statistics

    args, mach, runs = results["args"], results["machine"], results["runs"]
    sizes = sorted(set(args["sizes"]))
    small, large = sizes[0], sizes[-1]

    def med(key: str, field: str) -> float:
        return statistics.median(r[field] for r in runs[key]) if key in runs else float("nan")

    lines = [
        f"Measured {results['when']} with:",
        "",
        "```",
        command,
        "```",
        "",
        f"- machine: {mach['nproc']} cores, {mach['ram_gb']} GB RAM; load average {mach['loadavg_start']} "
        f"at start, {mach.get('loadavg_end')} at the end",
        f"- {mach['python']}; " + ", ".join(f"{k} {v}" for k, v in mach["versions"].items()),
        f"- `newsevents ingest --feed` on an RSS feed served from 127.0.0.1; "
        f"batch size {args['batch_size']}; median of {args['repeat']} run(s)",
        "",
        "| documents | workers | peak RSS, all processes (MB) | largest process (MB) | wall s | loaded |",
        "|---|---|---|---|---|---|",
    ]
    for n in sizes:
        for w in args["workers"]:
            key = f"{n}/w{w}"
            if key not in runs:
                continue
            loaded = runs[key][0]["result"].get("loaded", "?")
            lines.append(
                f"| {n:,} | {w} | {med(key, 'rss_mb'):,.0f} | {med(key, 'max_proc_mb'):,.0f} "
                f"| {med(key, 'wall_s'):.1f} | {loaded} |"
            )
    lines += ["", "| target | measured | goal | verdict |", "|---|---|---|---|"]
    for w in args["workers"]:
        ratio = med(f"{large}/w{w}", "rss_mb") / med(f"{small}/w{w}", "rss_mb")
        verdict = "met" if ratio <= TARGET else "**not met**"
        lines.append(
            f"| peak RSS {large:,} vs {small:,} docs, {w} worker(s) | {ratio:.2f}× "
            f"| ≤ {TARGET:.2f}× | {verdict} |"
        )
    return "\n".join(lines) + "\n"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m bench.memory", description="Peak RSS of newsevents ingest fed by a loopback RSS feed."
    )
    p.add_argument("--corpus", default=str(DEFAULT_CORPUS), help="folder of .html or .html.gz pages")
    p.add_argument("--sizes", type=int, nargs="+", default=[200, 2000], help="documents per feed")
    p.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to compare")
    p.add_argument("--repeat", type=int, default=1, help="runs per measurement; the median is reported")
    p.add_argument("--batch-size", type=int, default=50, help="newsevents ingest --batch-size")
    p.add_argument("--model", default=None, help="spaCy model (default: the newsevents default)")
    p.add_argument("--seed", type=int, default=0, help="shuffle seed of the corpus")
    p.add_argument("--out", default=str(REPO / "docs" / "BENCHMARKS.md"), help="Markdown file ('': none)")
    p.add_argument("--results-dir", default=str(REPO / "bench" / "results"), help="where raw JSON goes")
    p.add_argument("--workdir", default=None, help="scratch folder (default: a temporary one, kept)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if not Path(args.corpus).is_dir():
        print(f"bench: corpus folder {args.corpus} not found; nothing measured", file=sys.stderr)
        return 0
    command = "python -m bench.memory " + " ".join(argv if argv is not None else sys.argv[1:])
    results = run(args)
    section = markdown(results, command.strip())
    publish(
        section, results, results_dir=args.results_dir, stem="memory", out=args.out,
        begin=BEGIN, end=END, heading="Memory",
    )  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
