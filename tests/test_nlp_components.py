"""Helpers of the newsevents components: sentence spans from arrays, the recorded document text."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from tasks.nlp.components import doc_text, paragraphs, sentence_spans

VOCAB = spacy.blank("en").vocab


@pytest.mark.parametrize(
    "words, starts",
    [
        (
            ["One", "two", ".", "Three", "four", ".", "Five", "."],
            [True, False, False, True, False, False, True, False],
        ),
        (["Alone", "."], [True, False]),
        (["A", "b", "c"], [True, True, True]),
    ],
)
def test_nlp_components_sentence_spans_match_doc_sents(words: list[str], starts: list[bool]) -> None:
    doc = Doc(VOCAB, words=words, sent_starts=starts)
    assert [(s.start, s.end) for s in sentence_spans(doc)] == [(s.start, s.end) for s in doc.sents]


def test_nlp_components_sentence_spans_of_an_empty_doc() -> None:
    assert sentence_spans(Doc(VOCAB, words=[])) == []


def test_nlp_components_doc_text_uses_the_recorded_text_only_when_it_fits() -> None:
    doc = Doc(VOCAB, words=["Hello", "world", "."], spaces=[True, False, False])
    assert doc_text(doc) == "Hello world."
    doc._.newsevents_text = "Hello world."
    assert doc_text(doc) is doc._.newsevents_text
    doc._.newsevents_text = "Something else entirely"
    assert doc_text(doc) == "Hello world."


def test_nlp_components_paragraph_break_starts_a_sentence() -> None:
    doc = Doc(VOCAB, words=["Title", "\n\n", "Body", "text", " ", "here"], spaces=[False] * 6)
    doc = paragraphs(doc)
    assert doc[2].is_sent_start is True
    assert doc[5].is_sent_start is not True  # a plain space is no paragraph break
