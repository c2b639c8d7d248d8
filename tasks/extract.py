"""Extract stage: cleaned articles → rows of sentences, entities, events, event_mentions and quotes.

Texts go through ``nlp.pipe(as_tuples=True)`` so each article's context (publication date, body start)
travels with it, in minibatches bounded in docs and tokens (an article longer than the bound is parsed in
pieces, :func:`parse_in_pieces`); the model is loaded once per process (:func:`tasks.nlp.model.load_model`).
Every row carries character offsets into ``articles.text``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any, cast

from tasks.nlp import cameo
from tasks.nlp.relevance import stands_without_source
from tasks.records import CleanArticle, Reject

Rows = dict[str, list[dict[str, Any]]]
ROW_TABLES = ("sentences", "entities", "events", "event_mentions", "quotes")


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """What the extract stage needs from the settings."""

    model: str | None = None
    keep_unresolved_source: bool = False
    # Conditional, possible and asked-for events ("if Trump agrees", "could meet", the withdrawal in "urged
    # Russia to withdraw"): coders record the appeal, not what was asked for (docs/QUALITY.md, measured).
    keep_hypothetical: bool = False
    # Plain comments (010) the statement rule reads from "he said ...", "Volker told ..." when only a pronoun,
    # a surname or a title that refers back names the speaker: on the development set 7 of 19 were right
    # (docs/QUALITY.md, round 9).
    keep_weak_statements: bool = False
    # Where the place gazetteer is kept between runs (the data folder's cache/); None: built in every process.
    # It changes no row, so it is neither part of the extractor version nor of the task cache key (repr).
    cache_dir: str | None = field(default=None, repr=False, compare=False)

    @property
    def variant(self) -> str:
        """The part of the extractor version these options add: what they change in the rows written."""
        return (
            ("+unresolved" if self.keep_unresolved_source else "")
            + ("+hypothetical" if self.keep_hypothetical else "")
            + ("+weakstatements" if self.keep_weak_statements else "")
        )

    # Docs per nlp.pipe minibatch. 8 parses as fast as 32 here, with half the transient memory (+200 MB
    # instead of +440 MB per process for ~700-word news articles): see docs/BENCHMARKS.md, Profile.
    pipe_batch_size: int = 8
    # Tokens per nlp.pipe minibatch. spaCy holds about 9 KB per token of a minibatch while it parses it, so
    # 8 long articles together took 250 MB, and the longer a corpus, the likelier such a minibatch: peak
    # memory grew with the corpus. A minibatch stops before it would pass this many tokens, and an article
    # longer than that is parsed in pieces of at most this many tokens cut at paragraph breaks
    # (:func:`parse_in_pieces`). Articles within the bound give the same rows however they are batched.
    pipe_batch_tokens: int = 6000


def entity_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """An entity's offsets trimmed to one paragraph and without edge whitespace; None when nothing is left.

    spaCy sometimes runs an entity over a paragraph break ("The Heart Of The Conflict\n\n"): the part
    before the break is kept, so offsets always slice back to the text.
    """
    piece = text[start:end]
    brk = piece.find("\n")
    if brk >= 0:
        end = start + brk
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return (start, end) if end > start else None


def event_id(
    article_id: str, actor1: str | None, actor2: str | None, code: str, day: date | None, status: str
) -> str:
    """Stable key of one event in one article: re-runs upsert, mentions of the same event share it."""
    from tasks.records import sha256_hex

    return sha256_hex(
        "|".join([article_id, actor1 or "", actor2 or "", code, day.isoformat() if day else "", status])
    )


def _geocode_entity(label: str, text: str) -> Any:
    if label not in ("GPE", "LOC", "FAC"):
        return None
    from tasks.nlp.places import geocode

    return geocode(text)


def doc_rows(doc: Any, article: CleanArticle, options: ExtractOptions) -> Rows:
    """All rows of one parsed article: sentences, entities, events (deduplicated), mentions, quotes."""
    import bisect

    from tasks.nlp.components import doc_text, sentence_spans
    from tasks.version import extractor_version

    aid = article.article_id
    text = doc_text(doc)
    rows: Rows = {t: [] for t in ROW_TABLES}
    sent_starts: list[int] = []
    sent_spans = {}
    for sent in sentence_spans(doc):
        stext = text[sent.start_char : sent.end_char]  # Span.text builds a Token per token
        stripped = stext.strip()
        if not stripped:
            continue
        lead = len(stext) - len(stext.lstrip())
        start = sent.start_char + lead
        end = start + len(stripped)
        sent_starts.append(start)
        sent_spans[start] = sent
        rows["sentences"].append(
            {
                "article_id": aid,
                "sentence_idx": len(sent_starts) - 1,
                "start_char": start,
                "end_char": end,
                "text": stripped,
            }
        )

    def sentence_of(offset: int) -> int:
        return max(0, bisect.bisect_right(sent_starts, offset) - 1)

    resolver = doc._.newsevents_resolver
    for ent in doc.ents:
        span = entity_span(text, ent.start_char, ent.end_char)
        if span is None:
            continue
        start, end = span
        actor = None
        if resolver is not None and any(i in resolver.token_match for i in range(ent.start, ent.end)):
            found = resolver.resolve_one(ent.root)
            actor = found.code if found else None
        place = _geocode_entity(ent.label_, text[start:end])
        rows["entities"].append(
            {
                "article_id": aid,
                "entity_idx": len(rows["entities"]),
                "sentence_idx": sentence_of(start),
                "start_char": start,
                "end_char": end,
                "text": text[start:end],
                "label": ent.label_,
                "actor_code": actor,
                "country_code": getattr(place, "country_code", None),
                "latitude": getattr(place, "latitude", None),
                "longitude": getattr(place, "longitude", None),
            }
        )

    # ---- events: date and place per mention, then one row per (actors, code, date, status)
    from tasks.nlp.datelines import article_dateline_place, of_its_country
    from tasks.nlp.dates import resolve_event_date, tells_outlet
    from tasks.nlp.places import event_location

    published = article.published_at
    version = extractor_version(options.variant)
    events: dict[str, dict[str, Any]] = {}
    story_days: list[tuple[int, Any]] | None = None  # days the text states, read when an event needs them
    dated_by_source: dict[str, tuple[int, Any]] = {}  # source → (sentence, date) of its last dated act
    dateline: Any = _UNSET  # the place of the article's dateline, read when an event needs it
    for m in doc._.newsevents_events or []:
        if m.source is None and not options.keep_unresolved_source and not stands_without_source(m):
            continue  # (violence with a named victim and no named perpetrator stands: relevance.py)
        if m.status == "hypothetical" and not options.keep_hypothetical:
            continue
        if m.statement and not options.keep_weak_statements and _weak_speaker(m.source):
            continue  # "he said ...": a plain comment by a speaker only a pronoun or surname names
        sent = sent_spans.get(m.sent_start)
        trigger = doc[m.trigger_i]
        when = resolve_event_date(sent, trigger, published) if sent is not None else None
        if when is not None and when.origin == "publication" and story_days is None:
            story_days = stated_days(sent_spans, published)
        speaker = m.source.code if m.source is not None else None  # "She" after "Minister Anna Petrova"
        sentence_idx = sentence_of(m.sent_start)
        last_dated = dated_by_source.get(speaker) if speaker is not None else None
        if last_dated is None and sentence_idx > 0 and _opens_with_pronoun(m):
            # "In a letter in May, Duvall said ... He urged ...": the subject the pronoun continues
            prev = sent_spans.get(sent_starts[sentence_idx - 1])
            prev_when = resolve_event_date(prev, prev.root, published) if prev is not None else None
            if prev_when is not None and prev_when.origin == "text" and prev_when.tense == "past":
                last_dated = (sentence_idx - 1, prev_when)
        when = occasion_date(when, last_dated, sentence_idx, m.status) or (
            when  # "Grisham told CNN" in a CNN story: said for this report, on its day
            if tells_outlet(trigger, article.source)
            else narrative_date(when, story_days or [], m.sent_start, m.status)
        )
        if speaker is not None and m.status == "occurred" and getattr(when, "origin", None) == "text":
            dated_by_source[speaker] = (sentence_idx, when)
        day = getattr(when, "date", None)
        place = event_location(sent, trigger) if sent is not None else None
        place_origin = "text" if place is not None else None
        if place is None and _at_the_dateline(m, day, published):
            if dateline is _UNSET:
                dateline = article_dateline_place(article.text)
            if dateline is not None and of_its_country(dateline, m.source, m.target):
                place, place_origin = dateline, "dateline"
        a1, a2 = m.source, m.target
        if m.symmetric and a1 is not None and a2 is not None and a2.code < a1.code:
            key1, key2 = a2.code, a1.code  # order carries no meaning: one key for "X and Y" and "Y and X"
        else:
            key1, key2 = (a1.code if a1 else None), (a2.code if a2 else None)
        eid = event_id(aid, key1, key2, m.code, day, m.status)
        mention = {
            "event_id": eid,
            "article_id": aid,
            "mention_idx": 0,
            "sentence_idx": sentence_idx,
            "start_char": m.sent_start,
            "end_char": m.sent_end,
            "trigger_start": m.trigger_start,
            "trigger_end": m.trigger_end,
            "in_headline": m.sent_start < article.body_start,
        }
        if eid in events and _other_person(events[eid], a1, a2, mention["sentence_idx"]):
            # coordinated people with one code ("Volker and Morrison testified"): one event each
            eid = event_id(aid, _person_key(key1, a1), _person_key(key2, a2), m.code, day, m.status)
            mention["event_id"] = eid
        if eid in events:
            ev = events[eid]
            if any(x["sentence_idx"] == mention["sentence_idx"] for x in ev["_mentions"]):
                continue  # one statement per sentence
            mention["mention_idx"] = len(ev["_mentions"])
            ev["_mentions"].append(mention)
            ev["num_mentions"] = len(ev["_mentions"])
            ev["confidence"] = max(ev["confidence"], m.confidence)
            if ev["location_name"] is None and place is not None:
                ev.update(_place_fields(place), location_origin=place_origin)
            continue
        info = cameo.info(m.code)
        ev = {
            "event_id": eid,
            "article_id": aid,
            "sentence_idx": mention["sentence_idx"],
            "start_char": m.sent_start,
            "end_char": m.sent_end,
            "trigger_text": m.trigger_text,
            "trigger_start": m.trigger_start,
            "trigger_end": m.trigger_end,
            "actor1_code": a1.code if a1 else None,
            "actor1_name": a1.name if a1 else None,
            "actor1_country": a1.country if a1 else None,
            "actor2_code": a2.code if a2 else None,
            "actor2_name": a2.name if a2 else None,
            "actor2_country": a2.country if a2 else None,
            "is_symmetric": m.symmetric,
            "event_code": m.code,
            "event_root_code": info.root,
            "quad_class": info.quad_class,
            "goldstein": info.goldstein,
            "plover_event": info.plover_event,
            "plover_mode": info.plover_mode,
            "event_date": day,
            "date_precision": getattr(when, "precision", None),
            "date_origin": getattr(when, "origin", None),
            "date_text": getattr(when, "text", None),
            "date_start": getattr(when, "start_char", None),
            "date_end": getattr(when, "end_char", None),
            "status": m.status,
            "location_name": None,
            "location_country": None,
            "latitude": None,
            "longitude": None,
            "location_origin": place_origin,
            "num_mentions": 1,
            "confidence": m.confidence,
            "extractor_version": version,
            "_mentions": [mention],
        }
        if place is not None:
            ev.update(_place_fields(place))
        events[eid] = ev
    for ev in merge_restatements(list(events.values())):
        rows["event_mentions"].extend(ev.pop("_mentions"))
        rows["events"].append(ev)

    for q in doc._.newsevents_quotes or []:
        rows["quotes"].append(
            {
                "article_id": aid,
                "quote_idx": len(rows["quotes"]),
                "sentence_idx": sentence_of(q.start),
                "start_char": q.start,
                "end_char": q.end,
                "text": q.text,
                "speaker": q.speaker,
                "speaker_start": q.speaker_start,
                "speaker_end": q.speaker_end,
                "speaker_actor_code": q.speaker_actor.code if q.speaker_actor else None,
                "cue": q.cue,
            }
        )
    return rows


# Status values that describe the same state of the world: a planned and a hypothetical statement can be one
# event ("will meet" / "could meet"), an occurred one and a negated one never are.
NARRATIVE_DAYS = 7  # a stated day up to a week before publication sets the day the story is about


def stated_days(sent_spans: dict[int, Any], published: Any) -> list[tuple[int, Any]]:
    """(sentence start, day) for each sentence that states a past day within a week before publication
    ("on Tuesday", "Nov. 18"), in text order: the days the story is about."""
    from tasks.nlp.dates import date_candidates, resolve_expression

    if published is None:
        return []
    pub = published.date() if isinstance(published, datetime) else published
    out = []
    for start in sorted(sent_spans):
        for span in date_candidates(sent_spans[start]):
            value, precision = resolve_expression(span.text, pub, "past")
            if (
                value is not None
                and precision == "day"
                and pub - timedelta(days=NARRATIVE_DAYS) <= value < pub
            ):
                out.append((start, StatedDay(value, span.text, span.start_char, span.end_char)))
                break
    return out


@dataclass(frozen=True, slots=True)
class StatedDay:
    """A past day the article states, with the words that state it (the evidence a context date keeps)."""

    date: Any
    text: str
    start_char: int
    end_char: int


def narrative_date(when: Any, story_days: list[tuple[int, Any]], sent_start: int, status: str) -> Any:
    """The date of an event with no date of its own: the day the story is about.

    A news story is told about a day: the lede says "testified on Tuesday", and the statements and acts
    that follow without a date of their own happened that day, not on the publication day (the complaint
    about GDELT's article dates). An occurred event whose date is only the publication fallback takes the
    last past day (within a week before publication) stated at or before its sentence (origin 'context').
    """
    from dataclasses import replace

    if when is None or when.origin != "publication" or status != "occurred" or when.tense == "future":
        return when
    days = [d for start, d in story_days if start <= sent_start]
    if not days:
        return when
    day = days[-1]
    return replace(
        when,
        date=day.date,
        precision="day",
        origin="context",
        text=day.text,
        start_char=day.start_char,
        end_char=day.end_char,
    )


SUBJECT_PRONOUNS = frozenset({"he", "she", "they"})


def _weak_speaker(source: Any) -> bool:
    """A speaker named only by a pronoun, a surname or a title that refers back ("the governor"), resolved
    through the text before (``via`` 'coreference'): "he said", "Volker reiterated" deep in an account of
    testimony."""
    return source is not None and source.via == "coreference"


def _opens_with_pronoun(m: Any) -> bool:
    """Whether the event's source is a "he"/"she"/"they" that opens its sentence: it continues the subject
    of the sentence before, and so, when it says no date, the occasion of that sentence."""
    src = m.source
    return src is not None and src.name.lower() in SUBJECT_PRONOUNS and src.start == m.sent_start


def occasion_date(when: Any, last_dated: tuple[int, Any] | None, sentence_idx: int, status: str) -> Any:
    """The date of an undated past act that continues its source's dated act of the sentence before.

    "In a letter to the president in May, Duvall said farmers faced hardship. He urged Mr. Trump to make a
    deal": the appeal was made in the same letter, in May, not on the day the story is about. An occurred
    past-tense event whose date is only a fallback (publication or context) takes the date its own source's
    occurred act was stated with, in the same sentence or the one just before (origin 'context'); when its
    source is a "he"/"she"/"they" opening the sentence, the act of the sentence before need not be coded:
    that sentence's main verb with a past date of its own will do. ``last_dated`` is that act's (sentence
    index, date), or None; the result is None when the rule does not apply."""
    from dataclasses import replace

    if when is None or when.origin not in ("publication", "context") or status != "occurred":
        return None
    if when.tense != "past" or last_dated is None or not 0 <= sentence_idx - last_dated[0] <= 1:
        return None  # "The two sides continue to negotiate": an ongoing act is of the story's own day
    return replace(last_dated[1], origin="context")


def _person_key(code: str | None, actor: Any) -> str | None:
    """An event key part that tells people with the same code apart: the code and the person's name."""
    return code if actor is None or not actor.person else str(actor.key())


def _other_person(ev: dict[str, Any], a1: Any, a2: Any, sentence_idx: int | None) -> bool:
    """Whether a mention with the key of event ``ev`` names, in a sentence of ``ev``, another person than
    ``ev`` does: "Volker and Morrison testified" is two events (the guide's coordination rule), while the
    same person named again in another sentence is a further mention of one event."""
    if not any(x["sentence_idx"] == sentence_idx for x in ev["_mentions"]):
        return False
    for actor, name in ((a1, ev["actor1_name"]), (a2, ev["actor2_name"])):
        if actor is not None and actor.person and name and actor.name.lower() != name.lower():
            return True
    return False


STATUS_CLASS = {
    "occurred": "occurred",
    "planned": "unrealised",
    "hypothetical": "unrealised",
    "negated": "negated",
    "denied": "denied",
}


def _same_actors(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Same source and target; for a symmetric event (either one) in either order."""
    pa, pb = (a["actor1_code"], a["actor2_code"]), (b["actor1_code"], b["actor2_code"])
    if pa == pb:
        return True
    return bool(a["is_symmetric"] or b["is_symmetric"]) and pa == (pb[1], pb[0])


def merge_restatements(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fold the undated restatements of an article's events into the event they restate.

    An event whose date is not stated in its own sentence (``date_origin`` 'publication', the fallback, or
    no date at all) is a further mention of an event of the same article that has a stated date when both
    have the same actors (symmetric-aware), compatible CAMEO codes (equal, or one the root-level or 3-digit
    parent of the other: "040" and "046") and the same status class (:data:`STATUS_CLASS`). The headline
    "Kenyan police arrest opposition activists" and the body's "... arrested ... on Sunday" become one
    event dated Sunday with two mentions. The event with the stated date keeps its row (code, date,
    trigger, sentence); the restatement's mentions join it. When the candidates have different stated dates,
    the restatement is ambiguous and stays an event of its own. Events with different stated dates are
    never merged (their ids already differ).
    """
    stated = [e for e in events if e.get("date_origin") == "text"]
    if not stated:
        return events
    merged_into: dict[str, dict[str, Any]] = {}
    for ev in events:
        if ev.get("date_origin") not in (None, "publication", "context"):
            continue
        cls = STATUS_CLASS.get(ev["status"], ev["status"])
        found = [
            s
            for s in stated
            if _same_actors(ev, s)
            and cameo.compatible(ev["event_code"], s["event_code"])
            and STATUS_CLASS.get(s["status"], s["status"]) == cls
        ]
        if not found or len({s["event_date"] for s in found}) > 1:
            continue
        target = next((s for s in found if s["event_code"] == ev["event_code"]), found[0])
        merged_into[ev["event_id"]] = target
        taken = {m["sentence_idx"] for m in target["_mentions"]}
        for m in ev["_mentions"]:
            if m["sentence_idx"] in taken:
                continue  # one statement per sentence
            taken.add(m["sentence_idx"])
            target["_mentions"].append({**m, "event_id": target["event_id"]})
        target["confidence"] = max(target["confidence"], ev["confidence"])
        if target["location_name"] is None and ev["location_name"] is not None:
            for key in ("location_name", "location_country", "latitude", "longitude", "location_origin"):
                target[key] = ev[key]
    if not merged_into:
        return events
    out = []
    for ev in events:
        if ev["event_id"] in merged_into:
            continue
        ev["_mentions"].sort(key=lambda m: (m["start_char"], m["trigger_start"]))
        for idx, m in enumerate(ev["_mentions"]):
            m["mention_idx"] = idx
        ev["num_mentions"] = len(ev["_mentions"])
        out.append(ev)
    return out


_UNSET = object()
STORY_DAYS = 7  # an event this many days before publication, or after it, is still the story's own


def _at_the_dateline(m: Any, day: Any, published: Any) -> bool:
    """Whether an event with no place of its own may take the dateline's: one that happened (not planned,
    hypothetical, negated or denied), in the days of the story (not background history: "annexed in 1938")."""
    if m.status != "occurred":
        return False
    if day is None or published is None:
        return day is None
    pub = published.date() if isinstance(published, datetime) else published
    return pub - timedelta(days=STORY_DAYS) <= day <= pub + timedelta(days=1)


def _place_fields(place: Any) -> dict[str, Any]:
    return {
        "location_name": place.name,
        "location_country": place.country_code,
        "latitude": place.latitude,
        "longitude": place.longitude,
    }


def minibatches(
    contexts: Sequence[tuple[Any, CleanArticle]], size: int, tokens: int
) -> Iterator[list[tuple[Any, CleanArticle]]]:
    """``contexts`` in order, in groups of at most ``size`` docs and, unless one doc alone is longer,
    ``tokens`` tokens: what one ``nlp.pipe`` minibatch holds in memory at once. A longer doc is a group of
    its own, which :func:`parse_minibatch` parses in pieces."""
    group: list[tuple[Any, CleanArticle]] = []
    count = 0
    for item in contexts:
        n = len(item[0])
        if group and (len(group) >= size or count + n > tokens):
            yield group
            group, count = [], 0
        group.append(item)
        count += n
    if group:
        yield group


SENTENCE_END = frozenset(".!?")


def piece_bounds(words: Sequence[str], tokens: int) -> list[tuple[int, int]]:
    """Token ranges ``[start, end)`` that cover a doc's token texts ``words`` in order, each of at most
    ``tokens`` tokens: one range when the doc fits.

    A piece ends after a paragraph break (a whitespace token holding a blank line, as between the cleaned
    text's paragraphs), the last one that keeps it within the bound. Only a paragraph longer than the
    bound is cut inside: after sentence-final punctuation (``.``, ``!``, ``?``) before a capitalised word,
    or after a line break; a sentence longer than the bound is cut at the bound.
    """
    import bisect

    n = len(words)
    if n <= tokens:
        return [(0, n)] if n else []
    paragraph = [i + 1 for i, w in enumerate(words) if w.isspace() and w.count("\n") >= 2]
    sentence = [
        i + 1
        for i, w in enumerate(words[:-1])
        if (w.isspace() and "\n" in w) or (w and set(w) <= SENTENCE_END and words[i + 1][:1].isupper())
    ]

    def last_cut(cuts: list[int], start: int, limit: int) -> int | None:
        k = bisect.bisect_right(cuts, limit) - 1
        return cuts[k] if k >= 0 and cuts[k] > start else None

    out: list[tuple[int, int]] = []
    start = 0
    while n - start > tokens:
        limit = start + max(tokens, 1)
        end = last_cut(paragraph, start, limit) or last_cut(sentence, start, limit) or limit
        out.append((start, end))
        start = end
    out.append((start, n))
    return out


def document_components(pipe_names: Sequence[str]) -> list[str]:
    """The newsevents components at the end of the pipeline (actors, events, ...): the ones that read the
    whole article, where spaCy's own components and the newsevents ones among them read tokens nearby."""
    out: list[str] = []
    for name in reversed(pipe_names):
        if not name.startswith("newsevents_"):
            break
        out.insert(0, name)
    return out


# Doc extensions that make_docs sets: the article's context, which the newsevents components read.
DOC_CONTEXT = ("newsevents_text", "newsevents_published", "newsevents_body_start")


def parse_in_pieces(nlp: Any, doc: Any, tokens: int) -> Any:
    """``doc`` (from :func:`make_docs`) through the whole pipeline, with no minibatch above ``tokens``
    tokens: for an article longer than one minibatch may hold.

    spaCy's components (with the newsevents ones placed among them) parse the pieces of
    :func:`piece_bounds` one at a time; ``Doc.from_docs`` joins them into one doc with the same tokens,
    whitespace and character offsets as ``doc``; ``doc``'s context (:data:`DOC_CONTEXT`) is set on it, and
    the components of :func:`document_components` run on the whole article. Tags, parses and entities may
    differ from a parse of the whole text within a few tokens of a cut, where the model's context window
    no longer crosses it.
    """
    from spacy.tokens import Doc

    whole = document_components(nlp.pipe_names)
    pieces = [doc[a:b].as_doc() for a, b in piece_bounds([t.text for t in doc], tokens)]
    joined = Doc.from_docs(list(nlp.pipe(pieces, batch_size=1, disable=whole)), ensure_whitespace=False)
    for name in DOC_CONTEXT:
        joined._.set(name, doc._.get(name))
    for name in whole:
        joined = nlp.get_pipe(name)(joined)
    return joined


def parse_minibatch(
    nlp: Any, group: list[tuple[Any, CleanArticle]], tokens: int
) -> Iterator[tuple[Any, CleanArticle]]:
    """One minibatch of :func:`minibatches` parsed: with one ``nlp.pipe`` call, or, for an article longer
    than ``tokens`` (always alone in its minibatch), with :func:`parse_in_pieces`."""
    if len(group) == 1 and len(group[0][0]) > tokens:
        doc, article = group[0]
        return iter([(parse_in_pieces(nlp, doc, tokens), article)])
    return nlp.pipe(group, as_tuples=True, batch_size=len(group))


def make_docs(nlp: Any, articles: Sequence[CleanArticle]) -> list[tuple[Any, CleanArticle]]:
    """Tokenised docs carrying their article's context (publication date, body start) for the components.

    An article without a publication date gets one from a weekday–date pair in its text when there is one
    (``published_at_origin = 'text'``), before parsing, so event dates and leaders' dated codes use it.
    """
    from datetime import datetime, time

    from tasks.nlp.dates import infer_publication_date

    out = []
    for a in articles:
        if a.published_at is None:
            inferred = infer_publication_date(a.text)
            if inferred is not None:
                a.published_at = datetime.combine(inferred, time())
                a.published_at_origin = "text"
        doc = nlp.make_doc(a.text)
        doc._.newsevents_text = a.text
        doc._.newsevents_published = a.published_at
        doc._.newsevents_body_start = a.body_start
        out.append((doc, a))
    return out


def release(doc: Any) -> None:
    """Drop what the components stored on ``doc`` (its ``Doc._`` values) once its rows are built.

    The actor resolver, events and quotes refer back to the doc, and a reference cycle is freed only by
    Python's full garbage collection, which runs rarely in a process holding a model: the parsed docs of
    several batches stayed in memory (about 20 MB more per batch of 50 articles until the next collection).
    """
    doc.user_data.clear()


@lru_cache(maxsize=1)
def _malloc_trim() -> Callable[[int], int] | None:
    import ctypes

    try:
        return cast("Callable[[int], int]", ctypes.CDLL(None).malloc_trim)
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to trim
        return None


def trim_heap() -> None:
    """Give the free pages of the C heap back to the system (glibc's ``malloc_trim``; elsewhere nothing).

    Parsing a batch frees a hundred MB or more of transients, and glibc keeps such pages resident: over
    2,000 documents in one process the resident size between batches crept up by about 50 MB, and each
    batch's peak with it. Trimmed after every batch, it stays flat; a trim takes about a millisecond.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def extract_articles(
    articles: Sequence[CleanArticle], options: ExtractOptions, strict: bool = False
) -> tuple[list[CleanArticle], Rows, list[Reject]]:
    """Parse a batch in bounded minibatches (:func:`minibatches`, :func:`parse_minibatch`); return the
    articles kept, their rows, and rejects. The batch's docs are freed and the heap trimmed
    (:func:`trim_heap`) before it returns."""
    result = _extract_rows(articles, options, strict)
    trim_heap()
    return result


def merge_extracted(
    results: Sequence[tuple[list[CleanArticle], Rows, list[Reject]]],
) -> tuple[list[CleanArticle], Rows, list[Reject]]:
    """The results of :func:`extract_articles` on consecutive parts of one batch, as one result: rows are
    per article, so the parts' rows simply follow each other."""
    kept: list[CleanArticle] = []
    rows: Rows = {t: [] for t in ROW_TABLES}
    rejects: list[Reject] = []
    for part_kept, part_rows, part_rejects in results:
        kept.extend(part_kept)
        for table, table_rows in part_rows.items():
            rows.setdefault(table, []).extend(table_rows)
        rejects.extend(part_rejects)
    return kept, rows, rejects


def _extract_rows(
    articles: Sequence[CleanArticle], options: ExtractOptions, strict: bool
) -> tuple[list[CleanArticle], Rows, list[Reject]]:
    from tasks.nlp.model import load_model
    from tasks.nlp.places import use_cache

    rows: Rows = {t: [] for t in ROW_TABLES}
    if not articles:
        return [], rows, []
    use_cache(options.cache_dir)
    nlp = load_model(options.model)
    kept: list[CleanArticle] = []
    rejects: list[Reject] = []
    contexts = make_docs(nlp, articles)
    parsed = (
        pair
        for group in minibatches(contexts, options.pipe_batch_size, options.pipe_batch_tokens)
        for pair in parse_minibatch(nlp, group, options.pipe_batch_tokens)
    )
    for doc, article in parsed:
        try:
            doc_result = doc_rows(doc, article, options)
        except Exception as exc:
            if strict:
                raise
            rejects.append(
                Reject(article.input_ref, "extract", "internal_error", f"{type(exc).__name__}: {exc}"[:500])
            )
            continue
        finally:
            release(doc)
        kept.append(article)
        for table, table_rows in doc_result.items():
            rows[table].extend(table_rows)
    return kept, rows, rejects
