"""Sources: each module yields :class:`~tasks.records.RawDocument` (or a :class:`~tasks.records.Reject`)
from one kind of input. They stream: nothing holds the whole corpus in memory.

- :mod:`tasks.sources.local` — files, folders and globs of .txt, .html/.htm and .jsonl.
"""

from __future__ import annotations

from collections.abc import Iterator

from tasks.records import RawDocument, Reject

Item = RawDocument | Reject
ItemStream = Iterator[Item]
