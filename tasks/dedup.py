"""Duplicate detection before extraction, so no story is extracted twice.

- exact: the same cleaned text (``article_id``) already stored, or seen earlier in this run, under another
  input — a duplicate of that article (``exact_text``).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tasks.load import existing_articles
from tasks.records import CleanArticle


class Deduplicator:
    """Remembers what this run has seen; asks the database about what earlier runs stored."""

    def __init__(self, db_path: str | Path) -> None:
        self.db_path = db_path
        self.seen: dict[str, str] = {}  # article_id -> input_key of the first input with that text

    def check(self, articles: Sequence[CleanArticle]) -> tuple[list[CleanArticle], list[dict[str, Any]]]:
        """Split a cleaned batch into (fresh articles, duplicate rows for the ``duplicates`` table)."""
        stored = existing_articles(self.db_path, [a.article_id for a in articles if a.article_id not in self.seen])
        fresh: list[CleanArticle] = []
        dups: list[dict[str, Any]] = []
        for art in articles:
            owner = self.seen.get(art.article_id) or stored.get(art.article_id)
            if owner is not None and owner != art.input_key:
                dups.append(
                    {
                        "input_key": art.input_key,
                        "input_ref": art.input_ref,
                        "original_article_id": art.article_id,
                        "kind": "exact_text",
                        "similarity": 1.0,
                        "url": art.url,
                        "source": art.source,
                    }
                )
                continue
            self.seen.setdefault(art.article_id, art.input_key)
            fresh.append(art)
        return fresh, dups
