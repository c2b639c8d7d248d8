"""Deduplication before extraction: unchanged, exact text, exact (canonical) URL and MinHash/LSH near
duplicates, persisted in a real DuckDB file so later runs see earlier articles."""

from __future__ import annotations

import itertools
import json
import random
from pathlib import Path

import numpy as np
import pytest
from conftest import bench_path
from httpserver import article_text

from tasks.db import connect, migrate
from tasks.dedup import Deduplicator, DedupOptions, signature, similarity
from tasks.load import load_batch
from tasks.records import CleanArticle, sha256_hex

VERSION = "test-extractor-1"


def article(key: str, body: str, title: str = "A headline", url: str | None = None) -> CleanArticle:
    text = f"{title}\n\n{body}"
    return CleanArticle(
        article_id=sha256_hex(text), input_ref=key, input_key=key, raw_hash=sha256_hex(key + body),
        origin="url", url=url or key, source=None, title=title, author=None, published_at=None,
        published_at_origin="unknown", language="en", text=text, body_start=len(title) + 2,
        word_count=len(text.split()),
    )  # fmt: skip


def syndicate(body: str, seed: int = 1) -> str:
    """A wire copy as another outlet runs it: a dateline, its shortest inner paragraph cut (when it has more
    than four), 2% of the words edited, a tagline."""
    rng = random.Random(seed)
    paras = body.split("\n\n")
    if len(paras) > 4:
        paras.pop(min(range(1, len(paras) - 1), key=lambda i: len(paras[i])))
    words = "\n\n".join(paras).split(" ")
    for _ in range(max(1, len(words) // 50)):
        words[rng.randrange(len(words))] = rng.choice(["the", "said", "officials", "on"])
    return (
        "LONDON (Wire) — " + " ".join(words)
        + "\n\nReporting by Jane Doe; editing by John Roe. Copyright 2025 Wire. All rights reserved."
    )  # fmt: skip


def story(seed: int) -> str:
    return "\n\n".join(article_text(seed))


@pytest.fixture
def db(db_path: Path) -> Path:
    conn = connect(db_path)
    migrate(conn)
    conn.close()
    return db_path


def load(db: Path, *arts: CleanArticle) -> None:
    load_batch(db, run_id="r", extractor_version=VERSION, articles=list(arts), rows={})


def kinds(dups: list[dict]) -> list[tuple[str, str, str]]:
    return [(d["input_key"], d["kind"], d["original_article_id"]) for d in dups]


def test_dedup_near_syndicated_copy_in_same_batch(db: Path) -> None:
    original = article("http://wire.test/1", story(1), "Talks continue")
    copy = article("http://partner.test/world/1", syndicate(story(1)), "Talks go on in the capital")
    other = article("http://wire.test/2", story(2))
    fresh, dups = Deduplicator(db, extractor_version=VERSION).check([original, copy, other])
    assert fresh == [original, other]
    assert kinds(dups) == [(copy.input_key, "near", original.article_id)]
    assert 0.6 <= dups[0]["similarity"] < 1.0


def test_dedup_near_later_run_sees_earlier_articles(db: Path) -> None:
    original = article("http://wire.test/1", story(1))
    first = Deduplicator(db, extractor_version=VERSION)
    assert first.check([original])[0] == [original]
    load(db, original)
    second = Deduplicator(db, extractor_version=VERSION)  # a new run, a new process would do the same
    fresh, dups = second.check([article("http://partner.test/1", syndicate(story(1), seed=3))])
    assert fresh == [] and kinds(dups)[0][1:] == ("near", original.article_id)


def test_dedup_near_unloaded_article_is_forgotten(db: Path) -> None:
    """A signature whose article never got loaded (a crash, an extract reject) is purged by the next run."""
    lost = article("http://wire.test/9", story(9))
    assert Deduplicator(db, extractor_version=VERSION).check([lost])[0] == [lost]
    copy = article("http://partner.test/9", syndicate(story(9)))
    fresh, dups = Deduplicator(db, extractor_version=VERSION).check([copy])
    assert fresh == [copy] and dups == []
    conn = connect(db, read_only=True)
    ids = {r[0] for r in conn.execute("SELECT article_id FROM minhash_signatures").fetchall()}
    conn.close()
    assert ids == {copy.article_id}


def test_dedup_near_distinct_stories_are_kept(db: Path) -> None:
    stories = [article(f"http://wire.test/{i}", story(i)) for i in range(30)]
    fresh, dups = Deduplicator(db, extractor_version=VERSION).check(stories)
    assert fresh == stories and dups == []


def test_dedup_near_new_version_of_same_input_is_not_its_duplicate(db: Path) -> None:
    v1 = article("http://wire.test/1", story(1))
    load(db, v1)
    Deduplicator(db, extractor_version=VERSION).check([v1])
    v2 = article("http://wire.test/1", syndicate(story(1)))  # the page was updated
    fresh, dups = Deduplicator(db, extractor_version=VERSION).check([v2])
    assert fresh == [v2] and dups == []


def test_dedup_exact_text_under_another_input(db: Path) -> None:
    a = article("http://wire.test/1", story(1))
    b = article("/data/copy-of-story.html", story(1))
    load(db, a)
    fresh, dups = Deduplicator(db, extractor_version=VERSION).check([b])
    assert fresh == [] and kinds(dups) == [(b.input_key, "exact_text", a.article_id)]
    assert dups[0]["similarity"] == 1.0


def test_dedup_unchanged_same_input_same_text(db: Path) -> None:
    a = article("http://wire.test/1", story(1))
    load(db, a)
    dedup = Deduplicator(db, extractor_version=VERSION)
    fresh, dups = dedup.check([a])
    assert (fresh, dups) == ([], [])
    assert dedup.take_unchanged() == [a] and dedup.take_unchanged() == []
    # stored by an older extractor: extracted again (reprocess relies on this)
    newer = Deduplicator(db, extractor_version="test-extractor-2")
    assert newer.check([a]) == ([a], []) and newer.take_unchanged() == []


def test_dedup_exact_url_other_capture_of_same_page(db: Path) -> None:
    a = article("jsonl-id:17", story(1), url="https://news.test/2025/06/story?utm_source=rss&utm_medium=feed")
    load(db, a)
    Deduplicator(db, extractor_version=VERSION).check([a])
    b = article("https://news.test/2025/06/story", story(2), url="https://news.test/2025/06/story#top")
    fresh, dups = Deduplicator(db, extractor_version=VERSION).check([b])
    assert fresh == [] and kinds(dups) == [(b.input_key, "exact_url", a.article_id)]


def test_dedup_short_texts_get_no_signature(db: Path) -> None:
    a = article("http://wire.test/s1", "Markets rose on Monday after the central bank held rates.")
    b = article("http://wire.test/s2", "Markets fell on Monday after the central bank held rates.")
    assert signature(a.text, DedupOptions()) is None
    fresh, dups = Deduplicator(db, extractor_version=VERSION).check([a, b])
    assert fresh == [a, b] and dups == []


def test_dedup_near_thresholds_on_reference_articles() -> None:
    """The tuning claim in DedupOptions: every syndicated variant of a reference article scores at or above
    the threshold against it, and no two different reference articles do."""
    truth = json.loads(bench_path("articles", "ground-truth.json").read_text(encoding="utf-8"))
    bodies = [v["articleBody"] for v in truth.values() if len(v["articleBody"].split()) >= 80]
    opts = DedupOptions()
    sigs = [signature(b.replace("\n", "\n\n"), opts) for b in bodies]
    variants = [signature(syndicate(b.replace("\n", "\n\n"), seed=i), opts) for i, b in enumerate(bodies)]
    same = np.array([similarity(s, v) for s, v in zip(sigs, variants, strict=True)])  # type: ignore[arg-type]
    cross = np.array([similarity(a, b) for a, b in itertools.combinations(sigs, 2)])  # type: ignore[arg-type]
    print(
        f"variants: min {same.min():.3f} median {np.median(same):.3f}; distinct pairs: max {cross.max():.3f}"
    )
    assert same.min() >= opts.threshold
    assert cross.max() < opts.threshold
