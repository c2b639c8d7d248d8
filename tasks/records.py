"""Plain values that travel between stages: raw inputs, rejects, cleaned articles, batch results.

They are small, picklable dataclasses (no DuckDB connections, no spaCy objects), so they can cross
process and Dask boundaries and be hashed for caching.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

InputKind = Literal["html", "text"]


def sha256_hex(data: bytes | str, length: int = 32) -> str:
    """Hex SHA-256 of bytes or UTF-8 text, cut to ``length`` characters (a stable content key)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:length]


@dataclass(slots=True)
class Hints:
    """Metadata that came with an input (JSONL fields, feed entries); used when the page lacks it."""

    title: str | None = None
    published_at: str | None = None
    author: str | None = None
    source: str | None = None
    language: str | None = None


@dataclass(slots=True)
class RawDocument:
    """One input as discovered or fetched, before cleaning."""

    input_ref: str  # what the user would recognise: a path, path:line, URL, or warc#offset
    origin: str  # file | jsonl | url | feed | sitemap | warc
    kind: InputKind
    data: bytes | str
    url: str | None = None
    final_url: str | None = None
    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    fetched_at: datetime | None = None
    hints: Hints = field(default_factory=Hints)
    identity: str | None = None  # an explicit stable id (JSONL "id"), when the input has one

    @property
    def raw_hash(self) -> str:
        """Hash of the raw content: the cache key for clean and extract."""
        return sha256_hex(self.data)

    @property
    def input_key(self) -> str:
        """The identity of the input across runs: explicit id, else URL, else its reference."""
        return self.identity or self.final_url or self.url or self.input_ref


@dataclass(slots=True)
class Reject:
    """An input that could not be loaded, and why. It becomes a row of ``rejects``."""

    input_ref: str
    stage: str  # discover | fetch | decode | clean | language | extract | load
    reason: str  # a short machine-readable reason, e.g. empty, binary, invalid_utf8
    detail: str = ""


class RejectError(Exception):
    """Raised inside a stage with a reason; the stage boundary turns it into a :class:`Reject`."""

    def __init__(self, stage: str, reason: str, detail: str = "") -> None:
        super().__init__(f"{stage}/{reason}: {detail}" if detail else f"{stage}/{reason}")
        self.stage = stage
        self.reason = reason
        self.detail = detail

    def to_reject(self, input_ref: str) -> Reject:
        return Reject(input_ref=input_ref, stage=self.stage, reason=self.reason, detail=self.detail)


@dataclass(slots=True)
class CleanArticle:
    """A cleaned article: main text without boilerplate, plus metadata.

    ``text`` starts with the title (when there is one) as its own paragraph, so that a headline's
    events have offsets too; ``body_start`` is where the body begins.
    """

    article_id: str  # content hash of ``text``
    input_ref: str
    input_key: str
    raw_hash: str
    origin: str
    url: str | None
    source: str | None
    title: str | None
    author: str | None
    published_at: datetime | None
    published_at_origin: str  # metadata | url | text | hint | unknown
    language: str | None
    text: str
    body_start: int
    word_count: int

    @property
    def published_date(self) -> date | None:
        return self.published_at.date() if self.published_at else None
