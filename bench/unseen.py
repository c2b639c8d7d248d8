"""Noise on unseen pages: events per 1,000 words on the article benchmark's pages outside the development
set, overall and on the off-topic ones (sport, business, markets, tech, science, health, entertainment by
their URL), plus a fixed sample of events to read by eye.

    python -m bench.unseen --articles ../shared/bench/articles [--db data/unseen.duckdb] [--sample 20]

The pages are ingested with the real ``newsevents ingest`` (in a child process) into a fresh database.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
from pathlib import Path

OFF_TOPIC = (
    "sport", "football", "soccer", "tennis", "golf", "nba", "nfl", "business", "market", "money", "invest",
    "tech", "science", "health", "entertainment", "film", "movie", "music", "culture", "lifestyle", "travel",
    "food", "arts", "celebrit", "style", "auto", "games", "fashion", "recipe", "wellness", "finance",
)  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--articles", type=Path, required=True, help="the benchmark folder (html/, ground-truth.json)"
    )
    p.add_argument("--db", type=Path, default=None, help="keep the database here (a new file)")
    p.add_argument("--sample", type=int, default=20)
    p.add_argument("--json", action="store_true")
    args = p.parse_args(argv)
    import duckdb

    truth = json.loads((args.articles / "ground-truth.json").read_text(encoding="utf-8"))
    dev = {line.split("\t")[0] for line in (args.articles / "dev-set.tsv").read_text().splitlines() if line}
    pages = sorted(set(truth) - dev)
    from newsevents.evaluate import ingest_pages

    with tempfile.TemporaryDirectory(prefix="newsevents-unseen-") as tmp:
        db = args.db or Path(tmp) / "unseen.duckdb"
        ingest_pages(args.articles / "html", pages, db)
        conn = duckdb.connect(str(db), read_only=True)
        arts = conn.execute("select article_id, input_ref, word_count from articles").fetchall()
        events = conn.execute(
            "select e.article_id, e.actor1_code, e.event_code, e.actor2_code, s.text from events e "
            "join sentences s on s.article_id = e.article_id and s.sentence_idx = e.sentence_idx "
            "order by e.article_id, e.sentence_idx, e.event_id"
        ).fetchall()
        conn.close()
    page_of = {a: Path(ref).name.split(".")[0] for a, ref, _ in arts}
    words = {a: w or 0 for a, _, w in arts}
    off = {a for a in page_of if any(k in truth[page_of[a]]["url"].lower() for k in OFF_TOPIC)}
    per = {a: 0 for a in page_of}
    for e in events:
        per[e[0]] = per.get(e[0], 0) + 1

    def rate(ids: set[str]) -> float:
        w = sum(words[a] for a in ids)
        return round(1000 * sum(per[a] for a in ids) / w, 3) if w else 0.0

    rng = random.Random(7)
    sample = rng.sample(events, min(args.sample, len(events))) if events else []
    result = {
        "pages": len(page_of),
        "events": len(events),
        "events_per_1000_words": rate(set(page_of)),
        "off_topic_pages": len(off),
        "off_topic_pages_with_events": sum(1 for a in off if per[a]),
        "off_topic_events_per_1000_words": rate(off),
        "sample": [
            {
                "page": page_of[e[0]][:10],
                "coded": f"{e[1] or '-'} {e[2]} {e[3] or '-'}",
                "sentence": e[4][:200],
            }
            for e in sample
        ],
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for k, v in result.items():
            if k != "sample":
                print(f"{k}: {v}")
        for s in result["sample"]:
            print(f"  {s['page']} {s['coded']:<22} {s['sentence']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
