"""Quotes: spans inside quotation marks, speakers, inverted cues, pronoun speakers."""

from __future__ import annotations

from typing import Any

import pytest

from tasks.nlp.quotes import find_quote_spans


@pytest.mark.parametrize(
    "text, expected",
    [
        ("He said “we will talk,” and left.", ["we will talk"]),
        ('She said "no deal here" today.', ["no deal here"]),
        ("A “single” word is no quote.", []),
        ("«Nous négocierons demain», a-t-il dit.", ["Nous négocierons demain"]),
    ],
)
def test_nlp_quotes_spans(text: str, expected: list[str]) -> None:
    assert [text[s:e] for s, e in find_quote_spans(text)] == expected


@pytest.fixture(scope="module")
def nlp() -> Any:
    from tasks.nlp.model import load_model

    return load_model()


@pytest.mark.model
def test_nlp_quotes_speakers(nlp: Any) -> None:
    doc = nlp(
        "“The United States is eager to engage in dialogue with Russia,” said the spokesperson for the "
        "National Security Council. “We will put our concerns on the table,” he said. "
        "Moscow said it was “ready to discuss” the documents."
    )
    quotes = doc._.newsevents_quotes
    assert len(quotes) == 3
    assert quotes[0].speaker == "the spokesperson for the National Security Council"
    assert quotes[0].speaker_actor.code == "USAGOV"
    assert doc.text[quotes[0].speaker_start : quotes[0].speaker_end] == quotes[0].speaker
    assert quotes[1].speaker_actor.code == "USAGOV" and quotes[1].speaker_start is None  # "he" → last speaker
    assert quotes[2].speaker_actor.code == "RUS" and quotes[2].cue == "said"
    for q in quotes:
        assert doc.text[q.start : q.end] == q.text
