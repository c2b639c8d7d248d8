"""tasks/extract.py: articles reach ``nlp.pipe`` in minibatches bounded in docs and in tokens (spaCy's memory
while it parses grows with the tokens of a minibatch), and the rows do not depend on how they are batched."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from tasks.extract import ExtractOptions, extract_articles, minibatches
from tasks.records import RawDocument
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
        ([30, 500, 20], 8, 100, [[30], [500], [20]]),  # a longer doc is parsed alone
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
    small = rows(ExtractOptions(pipe_batch_tokens=300))
    assert whole == one_by_one == small
    assert sum(len(v) for v in whole[1].values()) > 100  # sentences, entities, events...
