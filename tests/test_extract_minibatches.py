"""tasks/extract.py: articles reach ``nlp.pipe`` in minibatches bounded in docs and in tokens (spaCy's memory
while it parses grows with the tokens of a minibatch), and the rows do not depend on how they are batched; an
article longer than the bound is parsed in pieces cut at paragraph breaks and joined into one doc."""

from __future__ import annotations

from dataclasses import replace
from itertools import pairwise
from typing import Any

import pytest

from tasks.extract import (
    ExtractOptions,
    document_components,
    extract_articles,
    minibatches,
    piece_bounds,
)
from tasks.records import CleanArticle, RawDocument
from tests.conftest import SEEDS


class _Doc:
    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n


@pytest.mark.parametrize(
    ("lengths", "size", "tokens", "groups"),
    [
        ([10, 10, 10], 8, 100, [[10, 10, 10]]),
        ([10] * 5, 2, 100, [[10, 10], [10, 10], [10]]),  # at most `size` docs
        ([40, 40, 40, 10], 8, 100, [[40, 40], [40, 10]]),  # stops before passing `tokens`
        ([30, 500, 20], 8, 100, [[30], [500], [20]]),  # a longer doc is a minibatch of its own (in pieces)
        ([], 8, 100, []),
    ],
)
def test_extract_minibatches_bound_docs_and_tokens(
    lengths: list[int], size: int, tokens: int, groups: list[list[int]]
) -> None:
    contexts: list[Any] = [(_Doc(n), i) for i, n in enumerate(lengths)]
    got = list(minibatches(contexts, size, tokens))
    assert [[len(d) for d, _ in g] for g in got] == groups
    assert [i for g in got for _, i in g] == list(range(len(lengths)))  # every doc once, in order


@pytest.mark.model
def test_extract_rows_do_not_depend_on_the_minibatches() -> None:
    from tasks.clean import CleanOptions, clean_batch
    from tasks.sources.local import discover

    docs = [d for d in discover([str(SEEDS)], 20_000_000) if isinstance(d, RawDocument)]
    articles, _ = clean_batch(docs, CleanOptions())
    assert len(articles) >= 4

    def rows(options: ExtractOptions) -> Any:
        fresh = [replace(a) for a in articles]  # extraction may fill in a publication date
        kept, out, rejects = extract_articles(fresh, options)
        assert not rejects
        return [a.article_id for a in kept], out

    whole = rows(ExtractOptions(pipe_batch_size=8, pipe_batch_tokens=1_000_000))
    one_by_one = rows(ExtractOptions(pipe_batch_size=1))
    small = rows(ExtractOptions(pipe_batch_tokens=600))  # 1-3 articles per minibatch, each one whole
    assert whole == one_by_one == small
    assert sum(len(v) for v in whole[1].values()) > 100  # sentences, entities, events...


# ---- articles longer than the bound: pieces cut at paragraph breaks


def _tokens(text: str) -> Any:
    import spacy

    return spacy.blank("en").make_doc(text)


def _check_pieces(text: str, bound: int) -> tuple[Any, list[tuple[int, int]]]:
    """The pieces of ``text`` at ``bound``: checked to cover its tokens in order, each within the bound."""
    doc = _tokens(text)
    bounds = piece_bounds([t.text for t in doc], bound)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(doc)
    assert all(a < b for a, b in bounds)
    assert all(b1 == a2 for (_, b1), (a2, _) in pairwise(bounds))  # no gap, no overlap
    assert all(b - a <= bound for a, b in bounds)
    # offsets: each piece's characters are the text's, and the pieces give back the text exactly
    assert "".join(doc[a:b].text_with_ws for a, b in bounds) == text
    for a, b in bounds:
        start = doc[a].idx
        assert doc[a:b].as_doc().text == text[start : start + len(doc[a:b].text_with_ws)]
    return doc, bounds


def test_extract_pieces_cut_only_at_paragraph_breaks() -> None:
    paragraphs = [" ".join(["word"] * n) + "." for n in (6, 9, 4, 12, 7, 3, 8, 5)]
    text = "A title here\n\n" + "\n\n".join(paragraphs)
    doc, bounds = _check_pieces(text, 20)
    assert len(bounds) > 2
    for _, end in bounds[:-1]:
        assert doc[end - 1].text == "\n\n"  # a piece ends with the blank line that closes its paragraph
    # a piece takes as many whole paragraphs as fit: the next paragraph would have passed the bound
    breaks = [i + 1 for i, t in enumerate(doc) if t.text == "\n\n"] + [len(doc)]
    for start, end in bounds[:-1]:
        following = next(b for b in breaks if b > end)
        assert following - start > 20


def test_extract_pieces_of_a_doc_that_fits_or_is_empty() -> None:
    assert piece_bounds(["One", "paragraph", "."], 3) == [(0, 3)]
    assert piece_bounds([], 10) == []


def test_extract_pieces_cut_inside_a_paragraph_only_when_it_is_longer_than_the_bound() -> None:
    long = " ".join(f"Sentence number {i} says little more." for i in range(8))  # 48 tokens, one paragraph
    text = f"Short opening paragraph.\n\n{long}\n\nShort closing paragraph."
    doc, bounds = _check_pieces(text, 20)
    first_break = next(i for i, t in enumerate(doc) if t.text == "\n\n")
    assert bounds[0] == (0, first_break + 1)  # the short paragraph alone, cut at its break
    inside = [end for _, end in bounds[:-1] if doc[end - 1].text != "\n\n"]
    assert inside, "the long paragraph is cut inside"
    for end in inside:  # after a full stop, before the capital of the next sentence
        assert doc[end - 1].text == "." and doc[end].text == "Sentence"


def test_extract_pieces_of_a_sentence_longer_than_the_bound() -> None:
    text = " ".join(["word"] * 50)
    _doc, bounds = _check_pieces(text, 20)
    assert bounds == [(0, 20), (20, 40), (40, 50)]


def test_extract_document_components_are_the_newsevents_tail() -> None:
    names = [
        "tok2vec",
        "tagger",
        "newsevents_paragraphs",
        "parser",
        "newsevents_attributes",
        "ner",
        "newsevents_parse_repair",
        "newsevents_actors",
        "newsevents_events",
    ]
    assert document_components(names) == ["newsevents_parse_repair", "newsevents_actors", "newsevents_events"]
    assert document_components(names[:6]) == []


NEWS = [
    "Barack Obama met Chinese President Hu Jintao in Beijing on Tuesday, the White House said.",
    "Israeli police arrested two Palestinian protesters in Jerusalem, officials said.",
    "The United States condemned the attack and urged Russia to withdraw its troops from Georgia.",
]


def _long_article(published: Any) -> CleanArticle:
    from tasks.records import sha256_hex

    text = "Obama meets Hu in Beijing\n\n" + "\n\n".join(NEWS * 6)
    return CleanArticle(
        article_id=sha256_hex(text),
        input_ref="long.txt",
        input_key="long.txt",
        raw_hash=sha256_hex(text),
        origin="file",
        url=None,
        source=None,
        title="Obama meets Hu in Beijing",
        author=None,
        published_at=published,
        published_at_origin="metadata",
        language="en",
        text=text,
        body_start=len("Obama meets Hu in Beijing\n\n"),
        word_count=len(text.split()),
    )


def _events(doc: Any, offset: int = 0) -> list[tuple[Any, ...]]:
    return [
        (
            m.code,
            m.sent_start + offset,
            m.trigger_start + offset,
            m.source.code if m.source else None,
            m.target.code if m.target else None,
            m.status,
        )
        for m in doc._.newsevents_events
    ]


@pytest.mark.model
def test_extract_long_article_in_pieces_matches_its_paragraphs(monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import datetime

    import tasks.extract as extract
    from tasks.extract import doc_rows, make_docs, parse_in_pieces
    from tasks.nlp.components import doc_text, sentence_spans
    from tasks.nlp.model import load_model

    nlp = load_model()
    options = ExtractOptions(pipe_batch_tokens=60)
    article = _long_article(datetime(2012, 5, 3))
    [(tokens, _)] = make_docs(nlp, [article])
    bounds = piece_bounds([t.text for t in tokens], options.pipe_batch_tokens)
    assert len(tokens) > options.pipe_batch_tokens and len(bounds) > 3

    doc = parse_in_pieces(nlp, tokens, options.pipe_batch_tokens)
    assert doc.text == article.text and doc_text(doc) == article.text
    assert [t.text for t in doc] == [t.text for t in tokens]
    assert doc._.newsevents_published == article.published_at
    assert doc._.newsevents_body_start == article.body_start

    # each piece parsed alone, as an article of its own: the same sentences and events at the same offsets
    sentences, events = [], []
    for a, b in bounds:
        offset = tokens[a].idx
        piece = nlp.make_doc(tokens[a:b].text_with_ws)
        piece._.newsevents_published = article.published_at
        piece = nlp(piece)
        sentences += [(s.start_char + offset, s.end_char + offset) for s in sentence_spans(piece)]
        events += _events(piece, offset)
    assert [(s.start_char, s.end_char) for s in sentence_spans(doc)] == sentences
    assert _events(doc) == events
    assert len(events) >= 3 * 6  # every paragraph codes at least one event
    # the publication date reached the coder: Obama was the US government in 2012 (USAELI from 2017)
    assert {e[3] for e in events if e[0] == "040"} == {"USAGOV"}

    rows = doc_rows(doc, article, options)
    assert len(rows["sentences"]) == len(sentences)
    for table in ("sentences", "entities"):
        for row in rows[table]:
            assert article.text[row["start_char"] : row["end_char"]] == row["text"]
    assert {r["actor1_code"] for r in rows["events"]} >= {"USAGOV", "ISRCOP", "USA"}
    assert len(rows["event_mentions"]) > len(rows["events"])  # the repeated paragraphs are mentions

    # extract_articles parses the long article in pieces, and the short one with nlp.pipe as before
    calls: list[int] = []

    def counted(nlp: Any, doc: Any, tokens: int) -> Any:
        calls.append(len(doc))
        return parse_in_pieces(nlp, doc, tokens)

    monkeypatch.setattr(extract, "parse_in_pieces", counted)
    short = replace(article, article_id="short", text=NEWS[0], body_start=0)
    kept, got, rejects = extract_articles([replace(article), short], options)
    assert not rejects and [a.article_id for a in kept] == [article.article_id, "short"]
    assert calls == [len(tokens)]
    assert [r for r in got["events"] if r["article_id"] == article.article_id] == rows["events"]
    assert any(r["article_id"] == "short" for r in got["events"])


@pytest.mark.model
def test_extract_leaves_no_parsed_doc_to_the_garbage_collector() -> None:
    """The coder's resolver, events and quotes refer back to their doc: unless extraction drops them, every
    parsed doc is a reference cycle that waits for a full collection (memory grew by batches, #12)."""
    import gc

    from spacy.tokens import Doc

    article = _long_article(None)
    short = replace(article, article_id="short", text=NEWS[0] + "\n\n" + NEWS[1], body_start=0)
    extract_articles([replace(article), short], ExtractOptions(pipe_batch_tokens=60))  # model loaded
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        kept, rows, _ = extract_articles([replace(article), short], ExtractOptions(pipe_batch_tokens=60))
        assert len(kept) == 2 and rows["events"]
        gc.collect()
        docs = [o for o in gc.garbage if isinstance(o, Doc)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert docs == []


def test_extract_trim_heap_returns_freed_pages() -> None:
    """Freed memory below a live block stays resident until the heap is trimmed (glibc)."""
    from tasks.extract import _malloc_trim, trim_heap

    if _malloc_trim() is None:
        pytest.skip("not glibc: malloc_trim is not available")
    import os

    def rss_mb() -> float:
        with open("/proc/self/statm") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20

    blocks = [os.urandom(2000) for _ in range(40_000)]  # ~80 MB of malloc'd blocks
    pin = os.urandom(2000)  # allocated above them: the heap's top stays in use
    del blocks
    before = rss_mb()
    trim_heap()
    after = rss_mb()
    assert len(pin) == 2000
    assert before - after > 40
