"""Extract stage: cleaned articles → rows of sentences, entities, events, event_mentions and quotes.

Texts go through ``nlp.pipe(as_tuples=True)`` so each article's context (publication date, body start)
travels with it; the model is loaded once per process (:func:`tasks.nlp.model.load_model`).
Every row carries character offsets into ``articles.text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from prefect import task

from tasks.cache import CACHE_EXPIRATION, extract_cache_key
from tasks.executor import run_cpu
from tasks.records import CleanArticle, Reject

Rows = dict[str, list[dict[str, Any]]]
ROW_TABLES = ("sentences", "entities", "events", "event_mentions", "quotes")


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """What the extract stage needs from the settings."""

    model: str | None = None
    keep_unresolved_source: bool = False
    pipe_batch_size: int = 32


def doc_rows(doc: Any, article: CleanArticle, options: ExtractOptions) -> Rows:
    """All rows of one parsed article."""
    aid = article.article_id
    rows: Rows = {t: [] for t in ROW_TABLES}
    sent_starts: list[int] = []
    for idx, sent in enumerate(doc.sents):
        text = sent.text
        stripped = text.strip()
        if not stripped:
            continue
        lead = len(text) - len(text.lstrip())
        start = sent.start_char + lead
        end = start + len(stripped)
        sent_starts.append(start)
        rows["sentences"].append(
            {"article_id": aid, "sentence_idx": len(sent_starts) - 1, "start_char": start, "end_char": end, "text": stripped}
        )
    del idx

    def sentence_of(offset: int) -> int:
        import bisect

        return max(0, bisect.bisect_right(sent_starts, offset) - 1)

    for i, ent in enumerate(doc.ents):
        rows["entities"].append(
            {
                "article_id": aid,
                "entity_idx": i,
                "sentence_idx": sentence_of(ent.start_char),
                "start_char": ent.start_char,
                "end_char": ent.end_char,
                "text": ent.text,
                "label": ent.label_,
                "actor_code": None,
                "country_code": None,
                "latitude": None,
                "longitude": None,
            }
        )
    return rows


def extract_articles(
    articles: Sequence[CleanArticle], options: ExtractOptions, strict: bool = False
) -> tuple[list[CleanArticle], Rows, list[Reject]]:
    """Parse a batch with one ``nlp.pipe`` call; return the articles kept, their rows, and rejects."""
    from tasks.nlp.model import load_model

    rows: Rows = {t: [] for t in ROW_TABLES}
    if not articles:
        return [], rows, []
    nlp = load_model(options.model)
    kept: list[CleanArticle] = []
    rejects: list[Reject] = []
    contexts = [(a.text, a) for a in articles]
    for doc, article in nlp.pipe(contexts, as_tuples=True, batch_size=options.pipe_batch_size):
        try:
            doc_result = doc_rows(doc, article, options)
        except Exception as exc:
            if strict:
                raise
            rejects.append(Reject(article.input_ref, "extract", "internal_error", f"{type(exc).__name__}: {exc}"[:500]))
            continue
        kept.append(article)
        for table, table_rows in doc_result.items():
            rows[table].extend(table_rows)
    return kept, rows, rejects


# ---------------------------------------------------------------------------------------------- Prefect


@task(
    name="extract-batch",
    cache_key_fn=extract_cache_key,
    cache_expiration=CACHE_EXPIRATION,
    persist_result=True,
)
def extract_batch_task(
    articles: Sequence[CleanArticle], options: ExtractOptions, strict: bool = False, workers: int = 1
) -> tuple[list[CleanArticle], Rows, list[Reject]]:
    """Parse and code one batch with one nlp.pipe call (on the worker pool when workers > 1)."""
    return run_cpu(extract_articles, articles, options, strict, workers=workers, model=options.model)
