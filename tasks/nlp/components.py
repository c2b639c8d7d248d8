"""Registered newsevents pipeline components, and the function that adds them to a model.

Every component and extension has the ``newsevents_`` prefix. Extensions are registered behind
``has_extension`` guards so that importing this module twice is harmless.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span

for _name, _default in (
    ("newsevents_published", None),  # datetime | None: the article's publication time
    ("newsevents_body_start", 0),  # int: offset where the body starts (after the title paragraph)
    ("newsevents_text", None),  # str | None: the text the doc was made from (Doc.text rebuilds it per call)
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


@Language.component("newsevents_paragraphs")
def paragraphs(doc: Doc) -> Doc:
    """Start a new sentence after every paragraph break, so a headline never merges with the lede."""
    from spacy.attrs import IS_SPACE

    last = len(doc) - 1
    for i in doc.to_array(IS_SPACE).nonzero()[0].tolist():  # only whitespace tokens, not every token
        if i < last and "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


def doc_text(doc: Doc) -> str:
    """The document's text: the one it was made from when recorded (``newsevents_text``), else ``Doc.text``
    (which joins a new Token object per token on every call)."""
    text = doc._.newsevents_text
    if isinstance(text, str) and len(doc) and len(text) == doc[-1].idx + len(doc[-1].text_with_ws):
        return text
    return doc.text


def sentence_spans(doc: Doc) -> list[Any]:
    """The sentences of a parsed ``doc`` as spans, read from one array (``Doc.sents`` builds a Token object
    for every token on each call)."""
    from spacy.attrs import SENT_START

    if len(doc) == 0:
        return []
    starts = (doc.to_array(SENT_START) == 1).nonzero()[0].tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = [*starts, len(doc)]
    return [Span(doc, a, b) for a, b in pairwise(bounds) if b > a]


@Language.component("newsevents_parse_repair")
def parse_repair(doc: Doc) -> Doc:
    """Fix known systematic parse errors of the small model (see :mod:`tasks.nlp.repair`)."""
    from tasks.nlp.repair import (
        repair_names_around_a_verb,
        repair_particle_objects,
        repair_split_hyphenated_words,
        repair_verbs_tagged_as_nouns,
        repair_with_marking_an_infinitive,
    )

    repair_verbs_tagged_as_nouns(doc)
    repair_with_marking_an_infinitive(doc)
    repair_particle_objects(doc)
    repair_names_around_a_verb(doc)
    repair_split_hyphenated_words(doc)
    return doc


class Attributes:
    """``newsevents_attributes``: the model's ``attribute_ruler`` as lookup tables (``tasks.nlp.attributes``).

    Built from the patterns of the pipe named ``source`` when the component is created; the patterns are
    kept and serialised with the component, so a saved pipeline loads without the original ruler.
    """

    def __init__(self, nlp: Language, name: str, source: str) -> None:
        self.vocab = nlp.vocab
        self.patterns: list[dict[str, Any]] = []
        self.table: Any = None
        if source in nlp.pipe_names:
            ruler: Any = nlp.get_pipe(source)
            self._build(ruler.patterns)

    def _build(self, patterns: list[dict[str, Any]]) -> None:
        from spacy.pipeline import AttributeRuler

        from tasks.nlp.attributes import AttributeTable, compile_rules

        ruler = AttributeRuler(self.vocab, "attribute_ruler")
        ruler.add_patterns(patterns)
        self.table = AttributeTable(compile_rules(ruler), self.vocab.strings)
        self.patterns = patterns

    def __call__(self, doc: Doc) -> Doc:
        return self.table(doc) if self.table is not None else doc

    def to_bytes(self, *, exclude: Any = ()) -> bytes:
        import srsly

        return bytes(srsly.msgpack_dumps({"patterns": self.patterns}))

    def from_bytes(self, data: bytes, *, exclude: Any = ()) -> Attributes:
        import srsly

        self._build(srsly.msgpack_loads(data)["patterns"])
        return self

    def to_disk(self, path: Any, *, exclude: Any = ()) -> None:
        from pathlib import Path

        Path(path).mkdir(parents=True, exist_ok=True)
        (Path(path) / "patterns.msgpack").write_bytes(self.to_bytes())

    def from_disk(self, path: Any, *, exclude: Any = ()) -> Attributes:
        from pathlib import Path

        return self.from_bytes((Path(path) / "patterns.msgpack").read_bytes())


@Language.factory("newsevents_attributes", default_config={"source": "attribute_ruler"})
def make_attributes(nlp: Language, name: str, source: str) -> Attributes:
    return Attributes(nlp, name, source)


def use_attribute_table(nlp: Language) -> bool:
    """Put ``newsevents_attributes`` in the place of the model's ``attribute_ruler``; True when done.

    Nothing changes when the ruler is absent or has a pattern the table cannot reproduce exactly.
    """
    from tasks.nlp.attributes import Unsupported

    if "attribute_ruler" not in nlp.pipe_names or "newsevents_attributes" in nlp.pipe_names:
        return False
    try:
        nlp.add_pipe("newsevents_attributes", after="attribute_ruler")
    except Unsupported:
        return False
    nlp.remove_pipe("attribute_ruler")
    return True


for _name, _default in (
    ("newsevents_actor_matches", None),  # list[(start token, end token, entry idx)]: dictionary matches
    ("newsevents_events", None),  # list[EventMention]: every coded event statement, in text order
    ("newsevents_quotes", None),  # list[Quote]
    ("newsevents_resolver", None),  # ActorResolver of the document (entities' actor codes)
):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


class ActorMatcher:
    """``newsevents_actors``: finds dictionary names (countries, capitals, IGOs, leaders, role words).

    The dictionaries are read and compiled into PhraseMatchers once, when the component is created.
    """

    def __init__(self, nlp: Language, name: str, extra_dictionaries: list[str]) -> None:
        from tasks.nlp.actors import build_matchers, load_dictionary

        self.dictionary = load_dictionary(tuple(extra_dictionaries))
        self.lower, self.exact, self.phrase_entries = build_matchers(nlp.vocab, self.dictionary)

    def __call__(self, doc: Doc) -> Doc:
        from tasks.nlp.actors import find_matches

        doc._.newsevents_actor_matches = find_matches(
            doc, self.lower, self.exact, self.phrase_entries, self.dictionary
        )
        return doc


@Language.factory("newsevents_actors", default_config={"extra_dictionaries": []})
def make_actor_matcher(nlp: Language, name: str, extra_dictionaries: list[str]) -> ActorMatcher:
    return ActorMatcher(nlp, name, extra_dictionaries)


class EventCoder:
    """``newsevents_events``: quotes with speakers, then events (CAMEO code, actors, status) per sentence.

    Reads the publication date from ``doc._.newsevents_published`` (leaders' dated codes) and the matches
    of ``newsevents_actors``. Dates, places and per-article deduplication happen when rows are built
    (:func:`tasks.extract.doc_rows`).
    """

    def __init__(
        self, nlp: Language, name: str, extra_verbs: list[str], extra_dictionaries: list[str]
    ) -> None:
        from tasks.nlp.actors import load_dictionary
        from tasks.nlp.events import Coder, load_verbs

        self.dictionary = load_dictionary(tuple(extra_dictionaries))
        self.coder = Coder(load_verbs(tuple(extra_verbs)))

    def __call__(self, doc: Doc) -> Doc:
        from datetime import datetime

        from tasks.nlp.actors import ActorResolver
        from tasks.nlp.quotes import find_quotes

        published = doc._.newsevents_published
        day = published.date() if isinstance(published, datetime) else published
        resolver = ActorResolver(doc, self.dictionary, doc._.newsevents_actor_matches or [], day)
        doc._.newsevents_quotes = find_quotes(doc, resolver)
        doc._.newsevents_events = self.coder.code_doc(doc, resolver)
        doc._.newsevents_resolver = resolver
        return doc


@Language.factory("newsevents_events", default_config={"extra_verbs": [], "extra_dictionaries": []})
def make_event_coder(
    nlp: Language, name: str, extra_verbs: list[str], extra_dictionaries: list[str]
) -> EventCoder:
    return EventCoder(nlp, name, extra_verbs, extra_dictionaries)


def split_trailing_hyphens(nlp: Language) -> None:
    """Tokenise "States-" in "United States- Russia" as "States" + "-", so names still match; idempotent."""
    import re

    tokenizer: Any = nlp.tokenizer
    search = tokenizer.suffix_search
    current = getattr(getattr(search, "__self__", None), "pattern", None)
    extra = r"(?<=[A-Za-z])-$"
    if current is None or extra in current:
        return
    tokenizer.suffix_search = re.compile(f"{current}|{extra}").search


def add_to_pipeline(
    nlp: Language, extra_dictionaries: list[str] | None = None, extra_verbs: list[str] | None = None
) -> Language:
    """Insert the newsevents components in their places; idempotent.

    ``extra_dictionaries`` / ``extra_verbs`` are JSONL files or folders added to the built-in actor and
    verb dictionaries (their entries win over built-in ones for the same name).
    """
    dicts = list(extra_dictionaries or [])
    verbs = list(extra_verbs or [])
    if "newsevents_paragraphs" not in nlp.pipe_names:
        before: dict[str, Any] = {"before": "parser"} if "parser" in nlp.pipe_names else {}
        nlp.add_pipe("newsevents_paragraphs", **before)
    if "parser" in nlp.pipe_names:
        split_trailing_hyphens(nlp)
        if "newsevents_parse_repair" not in nlp.pipe_names:
            nlp.add_pipe("newsevents_parse_repair", last=True)
        if "newsevents_actors" not in nlp.pipe_names:
            nlp.add_pipe("newsevents_actors", last=True, config={"extra_dictionaries": dicts})
        if "newsevents_events" not in nlp.pipe_names:
            nlp.add_pipe(
                "newsevents_events", last=True, config={"extra_dictionaries": dicts, "extra_verbs": verbs}
            )
    return nlp
