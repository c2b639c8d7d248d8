"""Which coded statements are political events (issue #11, class 7: precision off politics).

CAMEO codes interactions of political actors. A statement whose actors are all civil (a company, doctors, a
film director, investors; ``tasks/data/actors/roles.json``) is not an event, unless a civil group acts
collectively (a protest, root 14) or its target is political ("doctors urged the Department of Homeland
Security", "a man threatened a congresswoman"); a statement (root 01) needs a political source. A code
without a role (a country, an IGO, a named group) is political; so is a coded person's code (``USAGOV``,
``USAELI``). Bodily violence (``bodily_codes``) between two bare countries is a match result ("Russia beat
Croatia"). An event of a directed root (``directed_roots``: consult, cooperate, aid, criticise) needs a
target actor, and so does a plain statement (``directed_codes``: 010). Violence with a named victim and no
named perpetrator, and an accusation of a named party by no one named, is written with no source
(``victim_roots``, ``accused_codes``, :func:`stands_without_source`); any other event needs one. A
sentence that reports sport (:func:`is_sport`) has no events.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

ROLES_FILE = Path(__file__).resolve().parents[1] / "data" / "actors" / "roles.json"


@lru_cache(maxsize=1)
def roles() -> dict[str, frozenset[str]]:
    """The role kinds of ``roles.json``: state, political, civil, collective_roots."""
    raw = json.loads(ROLES_FILE.read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in raw.items() if isinstance(v, list)}


def role_of(code: str | None) -> str | None:
    """The role at the end of an actor code (``USACOP`` → ``COP``, ``COP`` → ``COP``), or None."""
    if not code or len(code) < 3:
        return None
    r = roles()
    tail = code[-3:]
    return tail if tail in r["state"] | r["political"] | r["civil"] else None


def is_political(code: str | None) -> bool:
    """Whether an actor code names a political actor (see the module docstring)."""
    if not code:
        return False
    role = role_of(code)
    return role is None or role not in roles()["civil"]


def _bare_country(code: str | None) -> bool:
    """A country code with no role (``RUS``), not a role alone (``COP``) or an IGO (``NATO``)."""
    return code is not None and len(code) == 3 and code.isalpha() and role_of(code) is None


def is_event(source: str | None, target: str | None, code: str) -> bool:
    """Whether a statement with these actor codes and CAMEO code is a political event.

    A statement with no source is left to the unresolved-source rule of the row builder."""
    if not target and (code[:2] in roles()["directed_roots"] or code in roles()["directed_codes"]):
        return False  # "the White House called the process a sham": a criticism of no one found
    if source is None:
        return True
    if code in roles()["bodily_codes"] and _bare_country(source) and _bare_country(target):
        return False  # "Russia beat Croatia": a match result; states do not assault each other bodily
    if code[:2] in roles()["statement_roots"] and role_of(source) == source:
        return False  # "says the team leader": a statement by a bare role, no country or body, is noise
    if is_political(source):
        return True
    if code[:2] in roles()["statement_roots"]:
        return False  # a civil actor's comment, whoever it is about
    if is_political(target):
        return True
    return code[:2] in roles()["collective_roots"]


def stands_without_source(m: Any) -> bool:
    """Whether an :class:`~tasks.nlp.coder.EventMention` with no source actor is still written: violence
    that happened to a victim the text names as the subject of a passive, with no perpetrator named ("three
    U.S. soldiers were killed by a roadside bomb", "a man was stabbed to death"; ``victim_roots``), or an
    accusation of a party named the same way ("the party was accused of deceiving voters"; ``accused_codes``).
    Not an active verb whose subject the coder could not read ("cells beat their cilia", "Pella beating
    Jarry"), nor the content of a claim ("theories suggesting he had been murdered")."""
    return (
        m.source is None
        and m.passive
        and m.target is not None
        and (m.code[:2] in roles()["victim_roots"] or m.code.startswith(tuple(roles()["accused_codes"])))
        and m.status == "occurred"
        and not m.claimed
    )


def keep_mention(m: Any) -> bool:
    """:func:`is_event` for an :class:`~tasks.nlp.coder.EventMention`; and a private person a verb pattern
    lets act (``private_source`` in verbs.jsonl: "Noel pleaded not guilty in federal court", "Sawyer
    testified before the Senate Judiciary Committee") acting on a political target."""
    target = m.target.code if m.target else None
    if m.source is not None and m.source.via == "private" and is_political(target):
        return True
    return is_event(m.source.code if m.source else None, target, m.code)


SCORE = re.compile(
    r"(?<![\d/.:-])\d{1,2}\s?[-–]\s?\d{1,2}(?![\d/.:-])"  # "beat Gibraltar 6-0"
    # a results line, "Senators 4, Red Wings 3" (not a date: "on May 4, Kyiv ...")
    r"|\b(?!(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d)"
    r"[A-Z][\w.']*(?: [A-Z][\w.']*){0,2} \d{1,3}, [A-Z][\w.']*(?: [A-Z][\w.']*){0,2} \d{1,3}\b"
)


RESULT = re.compile(
    r"\b(?:beat|beats|won|win|wins|lost|lose|loses|drew|draw|defeated|defeats|thrashed|edged)\b", re.I
)


def is_sport(sentence: str, sport_words: frozenset[str]) -> bool:
    """Whether a sentence reports sport: a score with a result ("beat Gibraltar 6-0") or a sport word
    ("Davis Cup", "qualifier", ``sport_words`` in ``word_lists.json``). Its events are dropped (class 7)."""
    if SCORE.search(sentence) and RESULT.search(sentence):
        return True
    low = sentence.lower()
    words = set(re.findall(r"[a-z][a-z-]*", low))
    return bool(words & sport_words) or any(" " in w and w in low for w in sport_words)
