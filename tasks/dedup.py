"""Duplicate detection before extraction, so no story is extracted twice.

For each cleaned article, in order (the first rule that matches decides):

1. **same text, same input** — the article (``article_id``, a hash of the text) is already stored under the
   same ``input_key`` by the current extractor version, or came earlier in this run from the same input: it
   is *unchanged* (a page re-fetched with new markup but the same story). Not extracted, no duplicate row.
   Stored by an older extractor version, it is extracted again (that is what ``reprocess`` relies on);
2. **exact_text** — the same text is stored, or came earlier in this run, under another input;
3. **exact_url** — another input with the same canonical URL (courlan: tracking parameters, fragment and
   case removed) is stored or came earlier in this run, with a different text: the same page, captured
   twice;
4. **near** — a syndicated copy: the MinHash of the body's word shingles is within ``threshold``
   (estimated Jaccard similarity) of a stored article's or of one earlier in this run. Candidates come from an
   LSH index kept in DuckDB (``minhash_bands``), so later runs see earlier articles without holding the
   corpus in memory. Another version of the same input is never a near duplicate of itself.

Duplicates are linked to their original in ``duplicates`` (kind and similarity); the loader then bumps the
original's ``source_count``. Fresh articles have their signature and bands written at once, so the next
batch of this run sees them; rows whose article never got loaded are purged when the next run starts.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from tasks.records import CleanArticle

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True, slots=True)
class DedupOptions:
    """Near-duplicate settings, tuned on the reference articles (tests/test_dedup_near.py): with 3-word
    shingles a syndicated copy (dateline, tagline, a short paragraph cut, 2% of words edited) scores 0.75 or
    more (median 0.88) against its original; two different articles score at most 0.17."""

    threshold: float = 0.6  # estimated Jaccard similarity of shingle sets at or above which it is "near"
    lsh_threshold: float = 0.5  # the LSH banding aims lower, so copies just above threshold are found
    num_perm: int = 128
    shingle_words: int = 3
    min_words: int = 40  # shorter bodies get no signature: too few shingles to judge
    seed: int = 1


# ---------------------------------------------------------------------------------------------- MinHash


def shingles(text: str, k: int) -> set[bytes]:
    """Word k-shingles of a text: lower-cased word runs, punctuation and spacing ignored."""
    words = _WORD.findall(text.lower())
    if len(words) < k:
        return {" ".join(words).encode()} if words else set()
    return {" ".join(words[i : i + k]).encode() for i in range(len(words) - k + 1)}


def body_of(article: CleanArticle) -> str:
    """The body without the title paragraph (a wire copy often carries another headline)."""
    return article.text[article.body_start :]


def signature(text: str, options: DedupOptions) -> np.ndarray | None:
    """MinHash hash values (uint64) of a text's shingles, or None when the text is too short."""
    if len(_WORD.findall(text)) < options.min_words:
        return None
    from datasketch import MinHash

    mh = MinHash(num_perm=options.num_perm, seed=options.seed)
    mh.update_batch(sorted(shingles(text, options.shingle_words)))
    return np.asarray(mh.hashvalues, dtype=np.uint64)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two signatures: the share of equal hash values."""
    return float(np.count_nonzero(a == b)) / float(len(a))


@lru_cache(maxsize=8)
def lsh_shape(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows per band) minimising false positives and negatives at ``threshold`` (as datasketch)."""
    from datasketch import MinHashLSH

    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


def band_keys(sig: np.ndarray, options: DedupOptions) -> list[int]:
    """One signed 64-bit key per LSH band: equal keys mean an identical band of hash values."""
    bands, rows = lsh_shape(options.lsh_threshold, options.num_perm)
    keys: list[int] = []
    for band in range(bands):
        chunk = sig[band * rows : (band + 1) * rows].astype("<u8").tobytes()
        digest = hashlib.blake2b(band.to_bytes(2, "little") + chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little", signed=True))
    return keys


def canonical(url: str | None) -> str | None:
    if not url or not url.lower().startswith(("http://", "https://")):
        return None
    from tasks.sources.urls import canonical_url

    return canonical_url(url)


def _url_key(url: str) -> bytes:
    return hashlib.blake2b(url.encode("utf-8", "surrogatepass"), digest_size=12).digest()


# ---------------------------------------------------------------------------------------------- database


_MIGRATED: set[Path] = set()  # migrating re-creates every view (~0.5 s): once per file and process


@contextlib.contextmanager
def _db(db_path: Path) -> Iterator[Any]:
    from tasks import db as dbmod

    with dbmod.thread_lock():
        conn = dbmod.connect(db_path, wait_seconds=120.0)
        try:
            if db_path.resolve() not in _MIGRATED:
                dbmod.migrate(conn)
                _MIGRATED.add(db_path.resolve())
            yield conn
        finally:
            conn.close()


def _probe(conn: Any, name: str, column: str, values: Sequence[Any], dtype: Any) -> None:
    import pyarrow as pa

    conn.register(name, pa.table({column: pa.array(sorted(set(values)), dtype)}))


@dataclass(slots=True)
class _Candidate:
    article_id: str
    input_key: str | None
    sig: np.ndarray


# ---------------------------------------------------------------------------------------------- the checker


@dataclass(slots=True)
class _Seen:
    article_input: dict[str, str] = field(default_factory=dict)  # article_id -> input_key (this run)
    urls: dict[bytes, tuple[str, str]] = field(default_factory=dict)  # canonical URL key -> (article, input)


class Deduplicator:
    """Remembers what this run has let through; asks the database about what earlier runs stored."""

    def __init__(
        self, db_path: str | Path, options: DedupOptions | None = None, extractor_version: str | None = None
    ) -> None:
        self.db_path = Path(db_path)
        self.options = options or DedupOptions()
        self._version = extractor_version
        self.seen = _Seen()
        self._unchanged: list[CleanArticle] = []
        self._purged = False

    @property
    def version(self) -> str:
        if self._version is None:
            from tasks.version import extractor_version

            self._version = extractor_version()
        return self._version

    def take_unchanged(self) -> list[CleanArticle]:
        """Articles of the last checks found unchanged (rule 1), cleared once taken."""
        out, self._unchanged = self._unchanged, []
        return out

    # ------------------------------------------------------------------ queries

    def _lookup(
        self,
        articles: Sequence[CleanArticle],
        urls: dict[str, str | None],
        sigs: dict[str, np.ndarray | None],
    ) -> tuple[dict[str, tuple[str, str]], dict[str, tuple[str, str]], dict[int, list[_Candidate]]]:
        """Stored articles by id, stored canonical URLs, and near-duplicate candidates by band key."""
        import pyarrow as pa

        by_id: dict[str, tuple[str, str]] = {}
        by_url: dict[str, tuple[str, str]] = {}
        by_band: dict[int, list[_Candidate]] = {}
        if not articles or not self.db_path.exists():
            return by_id, by_url, by_band
        with _db(self.db_path) as conn:
            if not self._purged:
                for table in ("minhash_bands", "minhash_signatures"):
                    orphans = f"DELETE FROM {table} WHERE article_id NOT IN (SELECT article_id FROM articles)"  # noqa: S608
                    conn.execute(orphans)
                self._purged = True
            _probe(conn, "_nev_dd_ids", "article_id", [a.article_id for a in articles], pa.string())
            for aid, key, version in conn.execute(
                "SELECT article_id, input_key, extractor_version FROM articles "
                "WHERE article_id IN (SELECT article_id FROM _nev_dd_ids)"
            ).fetchall():
                by_id[aid] = (key, version)
            conn.unregister("_nev_dd_ids")
            wanted = [u for u in urls.values() if u]
            if wanted:
                _probe(conn, "_nev_dd_urls", "canonical_url", wanted, pa.string())
                for url, aid, key in conn.execute(
                    """
                    SELECT s.canonical_url, s.article_id, s.input_key FROM minhash_signatures AS s
                    WHERE s.canonical_url IN (SELECT canonical_url FROM _nev_dd_urls)
                      AND s.article_id IN (SELECT article_id FROM articles)
                    """
                ).fetchall():
                    by_url.setdefault(url, (aid, key))
                conn.unregister("_nev_dd_urls")
            keys = [k for s in sigs.values() if s is not None for k in band_keys(s, self.options)]
            if keys:
                _probe(conn, "_nev_dd_bands", "band_key", keys, pa.int64())
                rows = conn.execute(
                    """
                    SELECT b.band_key, s.article_id, s.input_key, s.signature,
                           s.article_id IN (SELECT article_id FROM articles) AS loaded
                    FROM minhash_bands AS b
                    JOIN minhash_signatures AS s USING (article_id)
                    WHERE b.band_key IN (SELECT band_key FROM _nev_dd_bands)
                      AND s.num_perm = ? AND s.shingle_words = ? AND s.signature IS NOT NULL
                    """,
                    [self.options.num_perm, self.options.shingle_words],
                ).fetchall()
                conn.unregister("_nev_dd_bands")
                for band_key, aid, key, blob, loaded in rows:
                    if loaded or aid in self.seen.article_input:
                        cand = _Candidate(aid, key, np.frombuffer(blob, dtype="<u8").astype(np.uint64))
                        by_band.setdefault(band_key, []).append(cand)
        return by_id, by_url, by_band

    def _remember(self, rows: list[dict[str, Any]], bands: list[tuple[int, str]]) -> None:
        if not rows or not self.db_path.exists():
            return
        import pyarrow as pa

        from tasks.load import utcnow

        now = utcnow()
        with _db(self.db_path) as conn:
            # An article extracted again (new extractor version) replaces its old signature and bands.
            _probe(conn, "_nev_dd_new", "article_id", [r["article_id"] for r in rows], pa.string())
            for table in ("minhash_bands", "minhash_signatures"):
                conn.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT article_id FROM _nev_dd_new)")  # noqa: S608
            conn.unregister("_nev_dd_new")
            conn.register("_nev_dd_sig", pa.Table.from_pylist([{**r, "created_at": now} for r in rows]))
            conn.execute("INSERT INTO minhash_signatures BY NAME SELECT * FROM _nev_dd_sig")
            conn.unregister("_nev_dd_sig")
            if bands:
                table = pa.table(
                    {
                        "band_key": pa.array([b[0] for b in bands], pa.int64()),
                        "article_id": [b[1] for b in bands],
                    }
                )
                conn.register("_nev_dd_band", table)
                conn.execute("INSERT INTO minhash_bands BY NAME SELECT * FROM _nev_dd_band")
                conn.unregister("_nev_dd_band")

    # ------------------------------------------------------------------ the check

    def check(self, articles: Sequence[CleanArticle]) -> tuple[list[CleanArticle], list[dict[str, Any]]]:
        """Split a cleaned batch into (fresh articles, duplicate rows for the ``duplicates`` table).

        Unchanged articles (rule 1) are in neither list: take them with :meth:`take_unchanged`.
        """
        opts = self.options
        urls = {a.input_ref: canonical(a.url) for a in articles}
        sigs = {a.input_ref: signature(body_of(a), opts) for a in articles}
        stored, stored_urls, stored_bands = self._lookup(articles, urls, sigs)
        fresh: list[CleanArticle] = []
        dups: list[dict[str, Any]] = []
        new_rows: list[dict[str, Any]] = []
        new_bands: list[tuple[int, str]] = []
        batch_bands: dict[int, list[_Candidate]] = {}

        def duplicate(art: CleanArticle, original: str, kind: str, sim: float) -> None:
            dups.append(
                {
                    "input_key": art.input_key, "input_ref": art.input_ref, "original_article_id": original,
                    "kind": kind, "similarity": round(sim, 4), "url": art.url, "source": art.source,
                }
            )  # fmt: skip

        def remember(art: CleanArticle, url: str | None, sig: np.ndarray | None, keys: list[int]) -> None:
            """Let this run and later runs see ``art``: in memory, and as a signature row with its bands."""
            aid, key = art.article_id, art.input_key
            self.seen.article_input.setdefault(aid, key)
            if url is not None:
                self.seen.urls.setdefault(_url_key(url), (aid, key))
            new_rows.append(
                {
                    "article_id": aid, "input_key": key, "canonical_url": url, "num_perm": opts.num_perm,
                    "shingle_words": opts.shingle_words,
                    "signature": sig.astype("<u8").tobytes() if sig is not None else None,
                }
            )  # fmt: skip
            if sig is not None:
                cand = _Candidate(aid, key, sig)
                for band_key in keys:
                    batch_bands.setdefault(band_key, []).append(cand)
                    new_bands.append((band_key, aid))

        for art in articles:
            aid, key = art.article_id, art.input_key
            url = urls[art.input_ref]
            sig = sigs[art.input_ref]
            keys = band_keys(sig, opts) if sig is not None else []
            # 1 and 2: the same text
            owner = self.seen.article_input.get(aid)
            in_run = owner is not None
            if owner is None and aid in stored:
                owner = stored[aid][0]
            if owner is not None:
                if owner != key:
                    duplicate(art, aid, "exact_text", 1.0)
                    continue
                if in_run or stored[aid][1] == self.version:
                    self._unchanged.append(art)
                    if not in_run:  # loaded before: (re)write its signature, so older databases gain one
                        remember(art, url, sig, keys)
                    continue
            # 3: the same page under another input
            if url is not None:
                hit = self.seen.urls.get(_url_key(url)) or stored_urls.get(url)
                if hit is not None and hit[1] != key and hit[0] != aid:
                    duplicate(art, hit[0], "exact_url", 1.0)
                    continue
            # 4: a near copy
            if sig is not None:
                best: tuple[float, str] | None = None
                for band_key in keys:
                    for cand in (*stored_bands.get(band_key, ()), *batch_bands.get(band_key, ())):
                        if cand.input_key == key or cand.article_id == aid:
                            continue
                        sim = similarity(sig, cand.sig)
                        if sim >= opts.threshold and (best is None or sim > best[0]):
                            best = (sim, cand.article_id)
                if best is not None:
                    duplicate(art, best[1], "near", best[0])
                    continue
            fresh.append(art)
            remember(art, url, sig, keys)
        self._remember(new_rows, new_bands)
        return fresh, dups
