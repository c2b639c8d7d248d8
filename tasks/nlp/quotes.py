"""Direct quotations and their speakers.

A quote is text between matching quotation marks (“…”, "…", «…», „…“) inside one paragraph, of at least
``MIN_WORDS`` words. Its speaker is the subject of a speech verb (said, added, insisted …) in the
sentences the quote touches, or the inverted subject ("… said the spokesperson"). A pronoun speaker
("he said") takes the previous quote's speaker; a quote without a cue that follows another quote closely
takes that quote's speaker too. Speaker actor codes come from :class:`tasks.nlp.actors.ActorResolver`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tasks.nlp.actors import Actor, ActorResolver
from tasks.nlp.lexicon import word_list

MIN_WORDS = 2
SPEECH_VERBS = word_list("speech_verbs")
_QUOTE = re.compile(r"“([^“”\n]{1,2000})”|\"([^\"\n]{1,2000})\"|«([^«»\n]{1,2000})»|„([^„“”\n]{1,2000})[“”]")
SPEAKER_PRONOUNS = frozenset({"he", "she", "they", "it", "we", "i"})


@dataclass(slots=True)
class Quote:
    start: int  # offsets of the quoted words (inside the marks)
    end: int
    text: str
    sentence_start: int  # char offset of the sentence where the quote starts
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_actor: Actor | None = None
    cue: str | None = None


def find_quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of the quoted words: inner whitespace and a trailing comma stripped."""
    spans = []
    for m in _QUOTE.finditer(text):
        g = next(i for i in range(1, 5) if m.group(i) is not None)
        start, end = m.start(g), m.end(g)
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1
        if len(text[start:end].split()) >= MIN_WORDS:
            spans.append((start, end))
    return spans


def _cue_in(sent: Any, qstart: int, qend: int) -> Any | None:
    """The speech verb of the sentence outside the quote, nearest to it."""
    best = None
    best_dist = 10**9
    for tok in sent:
        if qstart <= tok.idx < qend:
            continue
        if tok.lower_ in SPEECH_VERBS and tok.pos_ in ("VERB", "AUX"):
            dist = qstart - tok.idx if tok.idx < qstart else tok.idx - qend
            if dist < best_dist:
                best, best_dist = tok, dist
    return best


def _speaker_token(cue: Any, qstart: int, qend: int) -> Any | None:
    for c in cue.children:
        if c.dep_ in ("nsubj", "nsubjpass") and not (qstart <= c.idx < qend):
            return c
    # inverted order: "…, said the spokesperson" parsed as an object of the cue
    for c in cue.children:
        if c.dep_ in ("dobj", "attr", "npadvmod") and c.i > cue.i and not (qstart <= c.idx < qend):
            return c
    if cue.dep_ == "conj" and cue.head != cue:
        return _speaker_token(cue.head, qstart, qend)
    return None


def find_quotes(doc: Any, resolver: ActorResolver) -> list[Quote]:
    """The quotes of ``doc`` in order, with speakers resolved."""
    text = resolver.text
    spans = find_quote_spans(text)
    if not spans:
        return []
    from tasks.nlp.components import sentence_spans

    sents = sentence_spans(doc)
    starts = [s.start_char for s in sents]
    quotes: list[Quote] = []
    last: Quote | None = None
    last_end_sent = -10
    import bisect

    for qstart, qend in spans:
        si = max(0, bisect.bisect_right(starts, qstart) - 1)
        ei = max(0, bisect.bisect_right(starts, max(qstart, qend - 1)) - 1)
        sent = sents[si]
        stext = text[sent.start_char : sent.end_char]
        lead = len(stext) - len(stext.lstrip())
        q = Quote(qstart, qend, text[qstart:qend], sent.start_char + lead)
        cue = None
        for k in range(si, min(ei + 2, len(sents))):
            cand = sents[k]
            # a following sentence counts only when it starts right after the quote (", added X.")
            if k > ei and not cand.text.lstrip().startswith((",", "—", "-")):
                break
            cue = _cue_in(cand, qstart, qend)
            if cue is not None:
                break
        speaker_tok = _speaker_token(cue, qstart, qend) if cue is not None else None
        if cue is not None:
            q.cue = cue.text
        if speaker_tok is not None and speaker_tok.lower_ not in SPEAKER_PRONOUNS:
            actor = resolver.resolve_one(speaker_tok)
            left, right = resolver._np_bounds(speaker_tok)
            q.speaker, q.speaker_start, q.speaker_end = text[left:right], left, right
            q.speaker_actor = actor
        elif (
            speaker_tok is not None
            and (pron := resolver.resolve_one(speaker_tok)) is not None
            and pron.person
        ):
            # "he said": the last person named before the pronoun (often the previous speaker)
            q.speaker, q.speaker_actor = _antecedent_name(resolver, speaker_tok, last), pron
        elif last is not None and (speaker_tok is not None or si - last_end_sent <= 1):
            # "he said", or a quote continuing the previous speaker's words
            q.speaker, q.speaker_actor = last.speaker, last.speaker_actor
        elif speaker_tok is not None:
            actor = resolver.resolve_one(speaker_tok)
            if actor is not None:
                q.speaker, q.speaker_actor = actor.name, actor
        if q.speaker is not None:
            last = q
            last_end_sent = ei
            if q.speaker_actor is not None:
                resolver.quote_speakers.append((qstart, qend, q.speaker_actor))
        quotes.append(q)
    return quotes


def _antecedent_name(resolver: ActorResolver, pron: Any, last: Quote | None) -> str | None:
    """How the antecedent of a pronoun speaker was written (the mention the resolver chose)."""
    for m in reversed(resolver.mentions_before(pron.i)):
        if m.actor.person:
            return (
                m.actor.name
                if m.actor.via != "coreference" or last is None
                else (last.speaker or m.actor.name)
            )
    return last.speaker if last else None
