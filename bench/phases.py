"""The bare baselines and the load benchmark, each run in its own process by :mod:`bench.run`.

- ``clean``: bare trafilatura over every document, with the options of ``tasks/clean.py`` (it calls
  :func:`tasks.clean.clean_html`, the one place those options live); writes the texts the flow would parse;
- ``parse``: bare ``nlp.pipe`` over texts (a JSON list, or the articles of a flow's DuckDB file) with the
  flow's model and components (:func:`tasks.nlp.model.load_model`), one ``nlp.pipe`` per process;
- ``load``: :func:`tasks.load.load_batch` alone on synthetic rows shaped like the schema's tables.

Each phase prints one JSON object: ``work_s`` (the measured loop), ``setup_s`` (imports, pools, model),
and counts.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import re
import time
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

_WORD = re.compile(r"\S+")


# ---------------------------------------------------------------------------------------------- clean


def _warm() -> None:
    import trafilatura  # noqa: F401

    import tasks.clean  # noqa: F401


def extract_file(path: str, fast: bool = False) -> tuple[str, str | None, str] | None:
    """One HTML file → (name, title, body) through trafilatura, or None when it finds no text."""
    from tasks.clean import clean_html
    from tasks.records import RejectError

    html = Path(path).read_bytes().decode("utf-8", errors="replace")
    try:
        meta = clean_html(html, None, fast)
    except RejectError:
        return None
    return Path(path).name, meta.get("title"), meta.get("text") or ""


def flow_texts(results: list[tuple[str, str | None, str] | None], min_words: int = 10) -> list[str]:
    """The texts the flow would parse: title + body, long enough, English, each distinct text once."""
    from tasks.clean import detect_language

    texts: list[str] = []
    seen: set[str] = set()
    for item in results:
        if item is None:
            continue
        _name, title, body = item
        body = body.strip()
        if len(_WORD.findall(body)) < max(1, min_words):
            continue
        if detect_language(body) not in (None, "en"):
            continue
        title = title.strip() if title else None
        text = f"{title}\n\n{body}" if title else body
        key = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        if key not in seen:
            seen.add(key)
            texts.append(text)
    return texts


def phase_clean(docs_dir: Path, workers: int, texts_out: Path | None, fast: bool = False) -> dict[str, Any]:
    t0 = time.perf_counter()
    paths = [str(p) for p in sorted(docs_dir.glob("*.html"))]
    pool = None
    if workers > 1:
        pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_warm)
    else:
        _warm()
    t1 = time.perf_counter()
    if pool is not None:
        from functools import partial

        results = list(pool.imap(partial(extract_file, fast=fast), paths, chunksize=4))
        pool.close()
        pool.join()
    else:
        results = [extract_file(p, fast) for p in paths]
    t2 = time.perf_counter()
    texts = flow_texts(results)
    if texts_out is not None:
        texts_out.write_text(json.dumps(texts), encoding="utf-8")
    return {
        "docs": len(paths),
        "extracted": sum(1 for r in results if r is not None),
        "parsed_texts": len(texts),
        "words": sum(len(_WORD.findall(t)) for t in texts),
        "setup_s": t1 - t0,
        "work_s": t2 - t1,
    }


# ---------------------------------------------------------------------------------------------- parse


def read_texts(source: Path) -> list[str]:
    """Texts to parse: a JSON list, or the ``articles.text`` of a newsevents DuckDB file."""
    if source.suffix == ".duckdb":
        import duckdb

        conn = duckdb.connect(str(source), read_only=True)
        try:
            return [r[0] for r in conn.execute("SELECT text FROM articles ORDER BY input_ref").fetchall()]
        finally:
            conn.close()
    texts: list[str] = json.loads(source.read_text(encoding="utf-8"))
    return texts


@lru_cache(maxsize=2)
def _nlp(model: str | None, stock: bool) -> Any:
    """The flow's model and components, or (``stock``) the model exactly as spaCy loads it: all of its own
    components (``attribute_ruler`` and ``lemmatizer`` included), none of ours."""
    if stock:
        import spacy

        from tasks.nlp.model import resolve_model_name

        return spacy.load(resolve_model_name(model))
    from tasks.nlp.model import load_model

    return load_model(model)


def _load(model: str | None, stock: bool = False) -> None:
    _nlp(model, stock)


def parse_chunk(texts: list[str], batch_size: int, model: str | None, stock: bool = False) -> int:
    """Parse texts with the flow's model and components, or the stock model (loaded once per process);
    return the token count."""
    nlp = _nlp(model, stock)
    return sum(len(doc) for doc in nlp.pipe(texts, batch_size=batch_size))


def phase_parse(
    source: Path, workers: int, batch_size: int, model: str | None = None, stock: bool = False
) -> dict[str, Any]:
    """Bare ``nlp.pipe``; with workers > 1, one ``nlp.pipe`` per process over an equal share of the texts.

    spaCy's own ``n_process`` cannot be used: it sends each Doc back to the parent, and the newsevents
    components store values on Docs that its serialiser refuses (E871).
    """
    from functools import partial

    texts = read_texts(source)
    t0 = time.perf_counter()
    pool = None
    if workers > 1:
        pool = multiprocessing.get_context("spawn").Pool(workers, initializer=_load, initargs=(model, stock))
        pipeline: list[str] = []
    else:
        pipeline = list(_nlp(model, stock).pipe_names)
    t1 = time.perf_counter()
    if pool is not None:
        # Round-robin shares keep long and short texts spread evenly over the processes.
        shares = [texts[i::workers] for i in range(workers)]
        tokens = sum(pool.map(partial(parse_chunk, batch_size=batch_size, model=model, stock=stock), shares))
        pool.close()
        pool.join()
    else:
        tokens = parse_chunk(texts, batch_size, model, stock)
    t2 = time.perf_counter()
    return {
        "parsed_texts": len(texts),
        "tokens": tokens,
        "words": sum(len(_WORD.findall(t)) for t in texts),
        "pipeline": pipeline,
        "setup_s": t1 - t0,
        "work_s": t2 - t1,
    }


# ---------------------------------------------------------------------------------------------- load

# Rows per article in the synthetic load: about what a 600-word news article yields.
ROWS_PER_ARTICLE = {"sentences": 28, "entities": 32, "events": 8, "event_mentions": 10, "quotes": 3}
_SENTENCE = (
    "the minister said on tuesday that talks with the opposition would resume in geneva next week after "
    "protesters gathered outside parliament demanding the release of detained journalists and observers"
)
_WORDS = _SENTENCE.split()


def _value(table: str, column: str, dtype: str, aid: str, i: int) -> Any:
    """A plausible value for one column, from its name and DuckDB type."""
    dtype = dtype.upper()
    if column == "article_id":
        return aid
    if column == "event_id":
        return hashlib.sha256(f"{aid}:{i // 2 if table == 'event_mentions' else i}".encode()).hexdigest()[:32]
    if dtype in ("INTEGER", "BIGINT", "SMALLINT"):
        if column.endswith("_idx"):
            return i
        return 40 * i + (len(column) % 7)
    if dtype == "DOUBLE":
        return (i * 0.37) % 10 - 5
    if dtype == "BOOLEAN":
        return i % 3 == 0
    if dtype == "DATE":
        return date(2024, 5, 1) + timedelta(days=i % 30)
    if dtype.startswith("TIMESTAMP"):
        return datetime(2024, 5, 1, 9, 30) + timedelta(minutes=i)
    if dtype == "BLOB":
        return b"x" * 64
    if column == "text":
        n = 24 if table == "sentences" else 10 if table == "quotes" else 2
        return " ".join(_WORDS[(i + k) % len(_WORDS)] for k in range(n))
    return f"{column[:6]}-{i % 97}"


def synthetic_batches(columns: dict[str, list[tuple[str, str]]], n_rows: int, batch_size: int) -> list[Any]:
    """Batches of (CleanArticle list, rows per table) totalling at least ``n_rows`` child rows."""
    from tasks.records import CleanArticle

    per_article = sum(ROWS_PER_ARTICLE.values())
    n_articles = -(-n_rows // per_article)
    text = " ".join(_WORDS[k % len(_WORDS)] for k in range(600))
    batches = []
    for start in range(0, n_articles, batch_size):
        articles = []
        rows: dict[str, list[dict[str, Any]]] = {t: [] for t in ROWS_PER_ARTICLE}
        for a in range(start, min(start + batch_size, n_articles)):
            aid = hashlib.sha256(f"article-{a}".encode()).hexdigest()[:32]
            articles.append(
                CleanArticle(
                    article_id=aid, input_ref=f"/bench/{a}.html", input_key=f"/bench/{a}.html",
                    raw_hash=hashlib.sha256(f"raw-{a}".encode()).hexdigest()[:32], origin="file",
                    url=f"https://news.example/{a}", source="news.example", title="Talks resume in Geneva",
                    author="A. Writer", published_at=datetime(2024, 5, 1), published_at_origin="metadata",
                    language="en", text=text, body_start=24, word_count=600,
                )
            )  # fmt: skip
            for table, count in ROWS_PER_ARTICLE.items():
                rows[table].extend(
                    {col: _value(table, col, dtype, aid, i) for col, dtype in columns[table]}
                    for i in range(count)
                )
        batches.append((articles, rows))
    return batches


def phase_load(db_path: Path, n_rows: int, batch_size: int) -> dict[str, Any]:
    from tasks import db as dbmod
    from tasks.load import counts, load_batch

    conn = dbmod.connect(db_path)
    dbmod.migrate(conn)
    columns = {t: [(r[0], r[1]) for r in conn.execute(f"DESCRIBE {t}").fetchall()] for t in ROWS_PER_ARTICLE}
    conn.close()
    counts(db_path)  # the loader's first open of a file migrates it: keep that out of the timing
    t0 = time.perf_counter()
    batches = synthetic_batches(columns, n_rows, batch_size)
    t1 = time.perf_counter()
    rows = articles = 0
    for arts, table_rows in batches:
        stats = load_batch(db_path, run_id="bench", extractor_version="bench", articles=arts, rows=table_rows)
        rows += sum(stats.rows.values())
        articles += stats.articles
    t2 = time.perf_counter()
    return {
        "articles": articles,
        "child_rows": rows,
        "rows": rows + articles,
        "batches": len(batches),
        "setup_s": t1 - t0,
        "work_s": t2 - t1,
    }
