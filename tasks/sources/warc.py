"""WARC files (``.warc``, ``.warc.gz``; Common Crawl's CC-NEWS among them), streamed record by record.

Only ``response`` records with a 2xx status and an HTML content type (or none) are taken; requests,
metadata, redirects, robots.txt and non-HTML responses are skipped (they are not inputs) and counted in a
log line per file. Each HTML record is one input named ``path#offset``; its identity is the canonical
target URI, so the same page in two crawls is one input with two versions. Nothing is fetched. A file that
gives no input at all is one reject (``empty``, ``no_html_records`` or ``malformed_warc``), never silence.

Importing this module registers the suffixes with :mod:`tasks.sources.local`, so WARC files work as plain
paths (and inside folders) too.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from tasks.records import RawDocument, Reject
from tasks.sources import ItemStream, local
from tasks.sources.urls import canonical_url

log = logging.getLogger("newsevents.sources.warc")

HTML_TYPES = ("text/html", "application/xhtml+xml")
SUFFIXES = (".warc", ".warc.gz")


def _warc_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed.astimezone(UTC).replace(tzinfo=None) if parsed.tzinfo else parsed


def read_warc(path: Path, max_bytes: int = 20_000_000) -> ItemStream:
    """Stream the HTML responses of one WARC file as raw documents."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    try:
        handle = path.open("rb")
    except OSError as exc:
        yield Reject(str(path), "discover", "unreadable", exc.strerror or str(exc))
        return
    counts = [0, 0]  # HTML responses taken, other records skipped
    failed = False
    yielded = 0
    with handle:
        try:
            for item in _records(path, ArchiveIterator(handle), max_bytes, counts):
                yielded += 1
                yield item
        except (ArchiveLoadFailed, OSError, EOFError, ValueError, AttributeError, zlib.error) as exc:
            # warcio fails in many ways on a damaged file (a mangled header gives AttributeError)
            yield Reject(str(path), "discover", "malformed_warc", f"{type(exc).__name__}: {exc}"[:300])
            failed = True
    if not failed and not yielded:  # the file gave no input at all: say so, rather than nothing
        if not path.exists() or path.stat().st_size == 0:
            yield Reject(str(path), "discover", "empty", "0 bytes")
        elif counts[1]:
            yield Reject(str(path), "discover", "no_html_records", f"{counts[1]} records, no HTML response")
        else:
            yield Reject(str(path), "discover", "malformed_warc", "no WARC record in the file")
    log.info("%s: %d HTML responses taken, %d records skipped", path, counts[0], counts[1])


def _records(
    path: Path, records: object, max_bytes: int, counts: list[int]
) -> Iterator[RawDocument | Reject]:
    for record in records:  # type: ignore[attr-defined]
        if record.rec_type != "response" or record.http_headers is None:
            counts[1] += 1
            continue
        try:
            status = int(record.http_headers.get_statuscode() or 0)
        except ValueError:
            status = 0
        ctype = (record.http_headers.get_header("Content-Type") or "").split(";", 1)[0].strip().lower()
        if not 200 <= status < 300 or (ctype and ctype not in HTML_TYPES):
            counts[1] += 1
            continue
        uri = record.rec_headers.get_header("WARC-Target-URI")
        data = record.content_stream().read(max_bytes + 1)  # read before asking the offset (warcio)
        ref = f"{path}#{records.get_record_offset()}"  # type: ignore[attr-defined]
        if len(data) > max_bytes:
            yield Reject(ref, "discover", "too_large", f"record over the cap of {max_bytes} bytes")
            continue
        if getattr(record.raw_stream, "limit", 0) > 0:  # the file ended inside this record
            yield Reject(ref, "discover", "malformed_warc", "truncated record: the file ends inside it")
            continue
        counts[0] += 1
        headers = {k.lower(): v for k, v in record.http_headers.headers if k.lower() != "set-cookie"}
        yield RawDocument(
            input_ref=ref,
            origin="warc",
            kind="html",
            data=data,
            url=uri,
            final_url=uri,
            status=status,
            headers=headers,
            fetched_at=_warc_date(record.rec_headers.get_header("WARC-Date")),
            identity=canonical_url(uri) if uri else None,
        )


for _suffix in SUFFIXES:
    local.EXTRA_HANDLERS[_suffix] = read_warc
