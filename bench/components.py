"""The cost of the newsevents spaCy components against spaCy's own components, side by side in one run.

    python -m bench.components --articles ../shared/bench/articles [--repeats 3]

Parses the benchmark's true article bodies (``ground-truth.json``, English pages) with the flow's model
twice per repeat, alternating: once with every component, once with the ``newsevents_*`` components
disabled. Each component's own time is also measured by timing it on the parsed docs. Prints the share of
the newsevents components in spaCy's own time (the issue #11 target is under 10%).

Then every component of the flow's pipeline is timed on its own, stage by stage over all the texts (the
median of the repeats), with spaCy's own ``attribute_ruler`` timed on the same docs beside
``newsevents_attributes``, which stands in for it (counted with spaCy's components above, not ours).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--articles", type=Path, required=True)
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = p.parse_args(argv)
    import py3langid

    from tasks.nlp.model import load_model

    truth = json.loads((args.articles / "ground-truth.json").read_text(encoding="utf-8"))
    texts = [v["articleBody"] for _, v in sorted(truth.items()) if v["articleBody"].strip()]
    texts = [t for t in texts if py3langid.classify(t[:2000])[0] == "en"][: args.limit]
    nlp = load_model()
    # newsevents_attributes stands in for spaCy's attribute_ruler: it is part of "spaCy's own time"
    ours = [n for n in nlp.pipe_names if n.startswith("newsevents_") and n != "newsevents_attributes"]
    list(nlp.pipe(texts[:5]))  # warm caches (lemma tables, dictionaries)
    full, bare = [], []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        list(nlp.pipe(texts, batch_size=32))
        full.append(time.perf_counter() - t0)
        with nlp.select_pipes(disable=ours):
            t0 = time.perf_counter()
            list(nlp.pipe(texts, batch_size=32))
            bare.append(time.perf_counter() - t0)
    # each newsevents component alone, on docs parsed without it
    own: dict[str, float] = {}
    with nlp.select_pipes(disable=ours):
        parsed = list(nlp.pipe(texts, batch_size=32))
    for name in ours:
        if name == "newsevents_paragraphs":
            continue  # runs before the parser; included in the totals above
        proc = nlp.get_pipe(name)
        t0 = time.perf_counter()
        for d in parsed:
            proc(d)
        own[name] = time.perf_counter() - t0
    f, b = sorted(full)[len(full) // 2], sorted(bare)[len(bare) // 2]
    words = sum(len(t.split()) for t in texts)
    print(f"pages: {len(texts)} English, {words} words; {args.repeats} repeats, medians")
    print(f"spaCy components only: {b:.2f} s; with the newsevents components: {f:.2f} s")
    print(f"newsevents components: {f - b:.2f} s = {100 * (f - b) / b:.1f}% of spaCy's own time")
    for name, sec in own.items():
        print(f"  {name}: {sec:.2f} s alone ({100 * sec / b:.1f}%)")
    stages(nlp, texts, args.repeats)
    return 0


def stages(nlp: Any, texts: list[str], repeats: int) -> None:
    """Each component alone, in pipeline order over all texts; spaCy's attribute_ruler on the same docs."""
    import spacy

    from tasks.nlp.model import resolve_model_name

    ruler = spacy.load(resolve_model_name(None)).get_pipe("attribute_ruler")
    times: dict[str, list[float]] = {}
    for _ in range(repeats):
        t0 = time.perf_counter()
        docs = [nlp.make_doc(t) for t in texts]
        times.setdefault("tokenizer", []).append(time.perf_counter() - t0)
        for name, proc in nlp.pipeline:
            if name == "newsevents_attributes":
                copies = [d.copy() for d in docs]
                t0 = time.perf_counter()
                for d in copies:
                    ruler(d)
                times.setdefault("(spaCy's attribute_ruler)", []).append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            docs = list(proc.pipe(docs, batch_size=32)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            times.setdefault(name, []).append(time.perf_counter() - t0)
    med = {k: sorted(v)[len(v) // 2] for k, v in times.items()}
    total = sum(v for k, v in med.items() if not k.startswith("("))
    print(f"each component alone, in pipeline order (medians of {repeats}; the pipeline {total:.2f} s):")
    for name, sec in med.items():
        print(f"  {name:28s} {sec:6.2f} s  {100 * sec / total:5.1f}%")


if __name__ == "__main__":
    sys.exit(main())
