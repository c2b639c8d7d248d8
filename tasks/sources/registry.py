"""One entry point for every kind of input: :func:`open_sources` streams raw documents and rejects from
local paths (files, folders, globs, JSONL, WARC), URLs, URL files, feeds and sitemaps, in that order.

Every item it yields is one input of the run: it ends loaded, unchanged, duplicate or rejected. What is
*not* an input:

- a feed or sitemap that was fetched and parsed (its entries are the inputs; one that fails is a reject);
- a URL already yielded in this run (same canonical URL): it is not fetched twice;
- a feed or sitemap entry already stored by an earlier run (its canonical URL is in ``raw_documents`` or
  ``duplicates``): polling a feed again fetches only the new entries. ``revisit_known=True`` fetches them
  all again (they then end as ``unchanged`` when nothing changed).

Pages are fetched on :class:`~tasks.fetch.Fetcher`'s threads and come out in input order, at most a small
window ahead of the consumer, so memory stays flat however long the lists are.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice

from tasks import progress
from tasks.fetch import Fetcher, FetchOptions, FetchStateStore
from tasks.netguard import NetGuard
from tasks.records import RawDocument, Reject
from tasks.sources import ItemStream
from tasks.sources import warc as _warc  # noqa: F401  (registers .warc/.warc.gz with the local source)
from tasks.sources.feeds import feed_jobs
from tasks.sources.local import discover
from tasks.sources.sitemaps import sitemap_groups
from tasks.sources.urls import UrlJob, canonical_url, fetch_page, is_url, read_url_file, url_jobs

log = logging.getLogger("newsevents.sources")

KNOWN_CHUNK = 500  # entries looked up in the database at once


@dataclass(slots=True)
class SourceSpec:
    """What to ingest. ``db`` is where earlier runs are remembered (conditional requests, known entries)."""

    paths: Sequence[str] = ()
    urls: Sequence[str] = ()
    url_files: Sequence[str] = ()
    feeds: Sequence[str] = ()
    feed_files: Sequence[str] = ()  # files listing feed URLs, one per line
    sitemaps: Sequence[str] = ()
    max_input_bytes: int = 20_000_000
    db: str | None = None
    revisit_known: bool = False

    @property
    def fetches(self) -> bool:
        return bool(self.urls or self.url_files or self.feeds or self.feed_files or self.sitemaps)


@dataclass(slots=True)
class SkipCounts:
    """URLs not fetched, and why (reported in the log, not inputs of the run)."""

    repeated: int = 0
    known: int = 0
    by_source: dict[str, int] = field(default_factory=dict)


def split_inputs(inputs: Iterable[str]) -> tuple[list[str], list[str]]:
    """Positional inputs → (paths, URLs): anything starting with http:// or https:// is a URL."""
    paths: list[str] = []
    urls: list[str] = []
    for item in inputs:
        (urls if is_url(item) else paths).append(item)
    return paths, urls


def _key(url: str) -> bytes:
    return hashlib.blake2b(canonical_url(url).encode("utf-8", "surrogatepass"), digest_size=12).digest()


class _Novelty:
    """Drops URLs already yielded in this run and, for feeds and sitemaps, those stored by earlier runs."""

    def __init__(self, store: FetchStateStore, revisit_known: bool) -> None:
        self.store = store
        self.revisit_known = revisit_known
        self.seen: set[bytes] = set()  # 12-byte hashes of canonical URLs: ~100 bytes each in memory
        self.skips = SkipCounts()

    def filter(self, jobs: Iterable[UrlJob | Reject], check_known: bool) -> Iterator[UrlJob | Reject]:
        iterator = iter(jobs)
        while True:
            chunk = list(islice(iterator, KNOWN_CHUNK))
            if not chunk:
                return
            known: set[str] = set()
            if check_known and not self.revisit_known:
                keys = [k for j in chunk if isinstance(j, UrlJob) for k in (j.url, canonical_url(j.url))]
                known = self.store.known(keys)
            for job in chunk:
                if isinstance(job, Reject):
                    yield job
                    continue
                key = _key(job.url)
                if key in self.seen:
                    self.skips.repeated += 1
                    continue
                self.seen.add(key)
                if job.url in known or canonical_url(job.url) in known:
                    self.skips.known += 1
                    self.skips.by_source[job.origin] = self.skips.by_source.get(job.origin, 0) + 1
                    continue
                yield job


def _counted(jobs: Iterable[UrlJob | Reject]) -> Iterator[UrlJob | Reject]:
    """One feed's or one sitemap's inputs, read at once (the document is already parsed whole), so the run
    learns how many it found (a ``discovered`` progress event: the progress artifact's total grows by
    them)."""
    found = list(jobs)
    progress.report("discovered", n=len(found))
    yield from found


def _jobs(
    spec: SourceSpec, fetcher: Fetcher, store: FetchStateStore, novelty: _Novelty
) -> Iterator[UrlJob | Reject]:
    yield from novelty.filter(url_jobs(spec.urls), check_known=False)
    for path in spec.url_files:
        yield from novelty.filter(read_url_file(path), check_known=False)
    for feed in spec.feeds:
        yield from _counted(novelty.filter(feed_jobs(fetcher, store, feed), check_known=True))
    for path in spec.feed_files:
        for listed in read_url_file(path):
            if isinstance(listed, Reject):
                progress.report("discovered", n=1)
                yield listed
            else:
                yield from _counted(novelty.filter(feed_jobs(fetcher, store, listed.url), check_known=True))
    for sitemap in spec.sitemaps:
        for group in sitemap_groups(fetcher, store, sitemap):  # each <urlset> of an index counted as read
            yield from _counted(novelty.filter(group, check_known=True))


def open_sources(
    spec: SourceSpec, settings: FetchOptions | None = None, *, guard: NetGuard | None = None
) -> ItemStream:
    """Every input named by ``spec``, streamed: raw documents and rejects, local ones first."""
    yield from discover(spec.paths, spec.max_input_bytes)
    if not spec.fetches:
        return
    settings = settings or FetchOptions()
    store = FetchStateStore(spec.db)
    novelty = _Novelty(store, spec.revisit_known)

    def work(job: UrlJob | Reject) -> RawDocument | Reject:
        return job if isinstance(job, Reject) else fetch_page(fetcher, job)

    with Fetcher(settings, guard=guard) as fetcher:
        yield from fetcher.map_ordered(work, _jobs(spec, fetcher, store, novelty))
        stats = fetcher.stats.as_dict()
    skips = novelty.skips
    log.info(
        "fetched %d page(s) in %.1f s (%.1f/s), %d retried, %d failed, %d not modified; "
        "not fetched: %d repeated in this run, %d already stored %s",
        stats["fetched"], stats["elapsed_s"], stats["pages_per_s"], stats["retries"], stats["failed"],
        stats["not_modified"], skips.repeated, skips.known, skips.by_source or "",
    )  # fmt: skip
