"""The cost of the newsevents spaCy components against spaCy's own components, side by side in one run.

    python -m bench.components --articles ../shared/bench/articles [--repeats 3]

Parses the benchmark's true article bodies (``ground-truth.json``, English pages) with the flow's model
twice per repeat, alternating: once with every component, once with the ``newsevents_*`` components
disabled. Each component's own time is also measured by timing it on the parsed docs. Prints the share of
the newsevents components in spaCy's own time (the issue #11 target is under 10%).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path


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
    ours = [n for n in nlp.pipe_names if n.startswith("newsevents_")]
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
