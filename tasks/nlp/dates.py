"""Event dates: resolve the date expression in an event's own clause against the publication date.

Three layers, each usable alone:

1. :func:`resolve_expression` turns one date expression ("January 10", "last June", "on Saturday",
   "Monday (December 27th)", "two days ago", "2019") into ``(date, precision)``. It is a small, ordered rule
   set over a normalised string; a year that is not written is chosen relative to the publication date and
   the tense of the event (rules in docs/DATES_AND_PLACES.md). A month is returned as its first day, a year
   as January 1.
2. :func:`resolve_event_date` picks, for one event trigger in a parsed sentence, the date expression that
   belongs to the trigger's own clause (see :func:`clause_head`), infers the tense from the trigger
   (:func:`infer_tense`) and resolves it. Without a stated date the event falls back to the publication
   date (``origin='publication'``); with nothing known every field is ``None``.
3. :func:`infer_publication_date` pins an article's date from a weekday–date pair in its text
   ("Monday (December 27th)") when no metadata date exists.

Everything here is pure (no I/O, no Prefect) and cheap: regular expressions are compiled at import.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from tasks.nlp.holidays import resolve_holiday, scan_pattern
from tasks.nlp.lexicon import word_list

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

Precision = Literal["day", "month", "year"]
Tense = Literal["past", "future"]
Resolved = tuple[date | None, str | None]

# A date without a written year may sit this far on the "wrong" side of the publication date
# (time zones, late or early publication metadata) before the rule jumps a whole year.
SLACK = timedelta(days=2)
# The year window of infer_publication_date.
PUBLICATION_YEARS = (2000, 2035)

# ------------------------------------------------------------------------------------------- vocabulary

MONTHS: dict[str, int] = {}
for _i in range(1, 13):
    MONTHS[calendar.month_name[_i].lower()] = _i
    MONTHS[calendar.month_abbr[_i].lower()] = _i
MONTHS["sept"] = 9

WEEKDAYS: dict[str, int] = {}
for _i in range(7):
    WEEKDAYS[calendar.day_name[_i].lower()] = _i
    WEEKDAYS[calendar.day_abbr[_i].lower()] = _i
WEEKDAYS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}  # fmt: skip

_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_W = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_N = r"\d{1,3}|" + "|".join(NUMBER_WORDS)
_PAST_MOD = {"last", "past", "previous"}
_NEXT_MOD = {"next", "coming"}

# Words that narrow a period without changing its resolution ("early June" is June at month precision).
_FILLER = re.compile(
    r"\b(?:on|in|at|by|since|until|till|during|from|for|as of|around|about|circa|before|after|over|"
    r"throughout|"
    r"early|late|earlier|later|mid|middle|end|beginning|start|the|of|this (?=morning|afternoon|evening)|"
    r"(?:first|second|third|fourth|last) (?:week|half|weekend) of|morning|afternoon|evening|night|"
    r"noon|midday|midnight)\b"
)

_RELATIVE_DAY = {
    "the day before yesterday": -2,
    "day before yesterday": -2,
    "the day after tomorrow": 2,
    "day after tomorrow": 2,
    "yesterday": -1,
    "last night": -1,
    "today": 0,
    "tonight": 0,
    "this morning": 0,
    "this afternoon": 0,
    "this evening": 0,
    "earlier today": 0,
    "later today": 0,
    "tomorrow": 1,
}

# ---------------------------------------------------------------------------------------- normalising


def _normalise(expr: str) -> str:
    """Lower case; ordinals, dots, commas and brackets dropped; single spaces."""
    s = expr.lower()
    s = s.replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    s = re.sub(r"\b(\d{1,2})(?:st|nd|rd|th)\b", r"\1", s)
    s = re.sub(r"(?<=[a-z])\.", " ", s)  # "dec." → "dec"
    s = re.sub(r"[,()\[\]!?;:\"]", " ", s)
    s = re.sub(r"\bmid-(?=[a-z])", "mid ", s)
    return re.sub(r"\s+", " ", s).strip()


def _as_date(value: date | datetime | None) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    return value


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _month_start(year: int, month: int) -> date:
    return date(year, month, 1)


def _shift_months(d: date, months: int) -> date:
    index = d.year * 12 + (d.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def _thursday_month(d: date) -> date:
    """The month a week belongs to: the month of its Thursday (the ISO-week convention)."""
    thursday = d + timedelta(days=3 - d.weekday())
    return _month_start(thursday.year, thursday.month)


# ------------------------------------------------------------------------------------- year inference


def _pick(candidates: list[date], published: date, tense: str | None) -> date:
    """Choose among dates of different years: past → latest not after publication, future → earliest not
    before it, unknown → nearest (ties go to the past). A small slack absorbs time-zone skew."""
    if tense == "past":
        fitting = [c for c in candidates if c <= published + SLACK]
        if fitting:
            return max(fitting)
    elif tense == "future":
        fitting = [c for c in candidates if c >= published - SLACK]
        if fitting:
            return min(fitting)
    return min(candidates, key=lambda c: (abs((c - published).days), c > published))


def _month_day_year(
    month: int, day: int, published: date, tense: str | None, weekday: int | None
) -> date | None:
    years = (published.year - 1, published.year, published.year + 1)
    # A February 29 more than a year away (the only leap year in reach) is rather a mistake: no date.
    candidates = [d for y in years if (d := _safe_date(y, month, day)) and abs((d - published).days) <= 366]
    if not candidates:
        return None
    if weekday is not None:
        matching = [c for c in candidates if c.weekday() == weekday]
        if matching:
            candidates = matching
    return _pick(candidates, published, tense)


def _month_year(month: int, published: date, tense: str | None, modifier: str | None) -> date:
    this_month = _month_start(published.year, published.month)
    candidates = [_month_start(y, month) for y in (published.year - 1, published.year, published.year + 1)]
    if modifier in _PAST_MOD:
        return max(c for c in candidates if c < this_month)
    if modifier in _NEXT_MOD:
        return min(c for c in candidates if c > this_month)
    if modifier == "this":
        return _month_start(published.year, month)
    if tense == "past":
        return max(c for c in candidates if c <= this_month)
    if tense == "future":
        return min(c for c in candidates if c >= this_month)
    return min(candidates, key=lambda c: (abs(_months_between(c, this_month)), c > this_month))


def _months_between(a: date, b: date) -> int:
    return (a.year * 12 + a.month) - (b.year * 12 + b.month)


def _weekday_date(weekday: int, published: date, tense: str | None, modifier: str | None) -> date:
    back = (published.weekday() - weekday) % 7  # days back to the most recent such weekday (0 = today)
    ahead = (weekday - published.weekday()) % 7
    if modifier in _PAST_MOD:
        return published - timedelta(days=back or 7)
    if modifier in _NEXT_MOD:
        return published + timedelta(days=ahead or 7)
    if tense == "future":
        return published + timedelta(days=ahead)
    return published - timedelta(days=back)


def _day_of_month(day: int, published: date, tense: str | None) -> date | None:
    """ "On the 12th": that day of the publication month or a neighbouring month (two either way, so that
    "the 31st" skips a short February)."""
    candidates = []
    for offset in (-2, -1, 0, 1, 2):
        start = _shift_months(published, offset)
        if d := _safe_date(start.year, start.month, day):
            candidates.append(d)
    if not candidates:
        return None
    return _pick(candidates, published, tense)


# -------------------------------------------------------------------------------------------- patterns

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[t ][\d:.+\-z]*)?$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_NUMERIC = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YMD_SLASH = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")
_WEEKDAY_HEAD = re.compile(rf"^(?:(last|past|previous|next|coming|this) )?({_W})\b ?(.*)$")
_MDY = re.compile(rf"\b({_M}) (\d{{1,2}})(?: (\d{{4}}))?\b")
_DMY = re.compile(rf"\b(\d{{1,2}}) ({_M})(?: (\d{{4}}))?\b")
_MONTH_YEAR = re.compile(rf"\b({_M}) (?:of )?(\d{{4}})\b")
_MONTH_REL_YEAR = re.compile(rf"\b({_M}) (last|next|this) year\b")
_MOD_MONTH = re.compile(rf"^(?:(last|past|previous|next|coming|this) )?({_M})$")
_YEAR = re.compile(r"^(?:(?:the )?year )?([12]\d{3})$")
_YEAR_INSIDE = re.compile(r"\b([12]\d{3})\b(?!s)")
_DECADE = re.compile(r"\b(?:[12]\d{2}0|\d0)'?s\b")
_AGO = re.compile(rf"^({_N}) (day|week|month|year)s? ago$")
_PERIOD = re.compile(r"^(last|past|previous|this|next|coming|current) (week|month|year|weekend)$")
_WEEKEND = re.compile(r"^(?:the |this )?weekend$")
_ORDINAL_ONLY = re.compile(r"^(?:on )?the (\d{1,2})(?:st|nd|rd|th)$")


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word)


def has_explicit_year(expr: str) -> bool:
    """Whether the expression writes its year (then no distance bound to the publication date applies)."""
    s = _normalise(expr)
    return bool(_YEAR_INSIDE.search(s) or _ISO.match(s) or _ISO_MONTH.match(s))


def resolve_expression(expr: str, published: date | datetime | None, tense: str | None = None) -> Resolved:
    """``(date, precision)`` of one date expression, or ``(None, None)`` when it names no date.

    ``published`` anchors relative expressions; ``tense`` ('past', 'future' or None) chooses between the
    previous and the next occurrence of a weekday, a month or a month-day without a year. Durations
    ("more than a month", "month-long") and decades resolve to nothing.
    """
    pub = _as_date(published)
    raw = _normalise(expr)
    if not raw or _DECADE.search(raw):
        return None, None

    # Written in full: ISO and numeric forms, then dates that carry a year.
    if m := _ISO.match(expr.strip().lower()):
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        return (d, "day") if d else (None, None)
    if m := _YMD_SLASH.match(raw):
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        return (d, "day") if d else (None, None)
    if m := _ISO_MONTH.match(raw):
        month = int(m[2])
        return (_month_start(int(m[1]), month), "month") if 1 <= month <= 12 else (None, None)
    if m := _NUMERIC.match(raw):
        first, second, year = int(m[1]), int(m[2]), int(m[3])
        month, day = (second, first) if first > 12 else (first, second)  # US order unless impossible
        d = _safe_date(year, month, day)
        return (d, "day") if d else (None, None)

    if holiday := resolve_holiday(raw, pub, tense):  # "ahead of Diwali", "on Christmas Eve"
        return holiday

    ordinal = _ORDINAL_ONLY.match(expr.strip().lower())
    s = _strip_filler(raw)

    # Weekday, alone or paired with a date: "Monday", "last Monday", "Monday (December 27th)".
    weekday: int | None = None
    weekday_mod: str | None = None
    if m := _WEEKDAY_HEAD.match(s):
        weekday_mod, weekday, rest = m[1], WEEKDAYS[m[2]], m[3].strip()
        if not (_MDY.search(rest) or _DMY.search(rest)):
            return (_weekday_date(weekday, pub, tense, weekday_mod), "day") if pub else (None, None)
        s = rest

    if m := _MDY.search(s):
        return _day_result(MONTHS[m[1]], int(m[2]), m[3], pub, tense, weekday)
    if m := _DMY.search(s):
        return _day_result(MONTHS[m[2]], int(m[1]), m[3], pub, tense, weekday)
    if m := _MONTH_YEAR.search(s):
        return _month_start(int(m[2]), MONTHS[m[1]]), "month"
    if m := _MONTH_REL_YEAR.search(s):
        if not pub:
            return None, None
        offset = {"last": -1, "next": 1, "this": 0}[m[2]]
        return _month_start(pub.year + offset, MONTHS[m[1]]), "month"
    if m := _MOD_MONTH.match(s):
        if not pub:
            return None, None
        return _month_year(MONTHS[m[2]], pub, tense, m[1]), "month"
    if m := _YEAR.match(s):
        return date(int(m[1]), 1, 1), "year"

    if pub is None:
        return None, None
    if ordinal:
        d = _day_of_month(int(ordinal[1]), pub, tense)
        return (d, "day") if d else (None, None)
    return _relative(raw, s, pub, tense)


def _strip_filler(s: str) -> str:
    # Relative day phrases contain filler words ("the day before yesterday", "this morning"): keep them.
    for phrase in _RELATIVE_DAY:
        if phrase in s:
            return s
    out = _FILLER.sub(" ", s)
    return re.sub(r"\s+", " ", out).strip()


def _day_result(
    month: int, day: int, year: str | None, pub: date | None, tense: str | None, weekday: int | None
) -> Resolved:
    if year:
        d = _safe_date(int(year), month, day)
        return (d, "day") if d else (None, None)
    if pub is None:
        return None, None
    d = _month_day_year(month, day, pub, tense, weekday)
    return (d, "day") if d else (None, None)


def _relative(raw: str, s: str, pub: date, tense: str | None) -> Resolved:
    for phrase, offset in _RELATIVE_DAY.items():
        if re.search(rf"\b{phrase}\b", raw):
            return pub + timedelta(days=offset), "day"
    if m := _AGO.match(s):
        n = _number(m[1])
        if n is None:
            return None, None
        unit = m[2]
        if unit == "day":
            return pub - timedelta(days=n), "day"
        if unit == "week":
            return _thursday_month(pub - timedelta(weeks=n)), "month"
        if unit == "month":
            return _shift_months(pub, -n), "month"
        return date(pub.year - n, 1, 1), "year"
    if _WEEKEND.match(s):
        return _weekday_date(5, pub, tense, None), "day"
    if m := _PERIOD.match(s):
        mod, unit = m[1], m[2]
        step = -1 if mod in _PAST_MOD else 1 if mod in _NEXT_MOD else 0
        if unit == "year":
            return date(pub.year + step, 1, 1), "year"
        if unit == "month":
            return _shift_months(pub, step), "month"
        if unit == "week":
            return _thursday_month(pub + timedelta(weeks=step)), "month"
        # weekend: Saturday of the previous / next / current weekend
        if step < 0:
            return _weekday_date(5, pub, "past", "last"), "day"
        if step > 0:
            return _weekday_date(5, pub, "future", "next"), "day"
        return _weekday_date(5, pub, tense, None), "day"
    return None, None


# ------------------------------------------------------------------------------------------ syntax

# Dependency labels that start a clause of their own when they hang on a verb. xcomp is not among them:
# "is set to meet on Monday" is one event frame.
CLAUSE_DEPS = frozenset(
    {"ROOT", "ccomp", "advcl", "relcl", "conj", "parataxis", "csubj", "csubjpass", "acl", "pcomp"}
)
_VERB_POS = frozenset({"VERB", "AUX"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "ll"})
MODAL_AUX = frozenset({"could", "may", "might", "should", "must", "can", "would", "ca"})
PLAN_WORDS = frozenset(
    {"scheduled", "set", "due", "expected", "planned", "slated", "poised", "plan", "plans", "planning",
     "intend", "intends", "intending", "prepare", "prepares", "preparing", "aims", "aim", "going", "vowed",
     "vows", "pledged", "pledges", "promised", "promises", "threatened", "threatens", "upcoming",
     "proposed", "forthcoming", "future", "next"}
)  # fmt: skip
SCHEDULE_WORDS = frozenset({"scheduled", "planned", "slated", "set", "due", "rescheduled", "postponed"})
REPORT_VERBS = word_list("report_verbs_dates")
VEHICLE_NOUNS = word_list("vehicle_nouns")


def clause_head(token: Token) -> Token:
    """The verb that heads the clause ``token`` sits in (the sentence root when none is closer)."""
    current = token
    for _ in range(64):  # parse trees are shallow; the bound only guards against malformed input
        # a verb conjoined to a noun ("talks and meetings" mis-tagged) does not open a clause
        opens_clause = current.dep_ != "conj" or current.head.pos_ in _VERB_POS
        if current.pos_ in _VERB_POS and current.dep_ in CLAUSE_DEPS and opens_clause:
            return current
        if current.head == current or current.dep_ == "ROOT":
            return current
        current = current.head
    return current


def in_event_clause(token: Token, trigger: Token) -> bool:
    """Whether ``token`` belongs to the trigger's clause, or to a clause that modifies the trigger noun
    ("a meeting scheduled for Monday", "talks, which will take place in Geneva")."""
    head = clause_head(token)
    if head == clause_head(trigger):
        return True
    return head.dep_ in {"acl", "relcl"} and head.head == trigger


def attachment(span: Span) -> Token:
    """The first token outside ``span`` that it modifies, through prepositions and noun modifiers:
    for "on January 10" in "negotiate on January 10" this is "negotiate"."""
    token = span.root
    for _ in range(64):
        head = token.head
        if head == token:
            return token
        if span.start <= head.i < span.end or head.dep_ == "prep" or head.pos_ == "ADP":
            token = head
            continue
        return head
    return token


def _verbal_head(trigger: Token) -> Token:
    """The verb that carries the tense of a trigger: itself when it is a verb, else the nearest verb above."""
    token = trigger
    for _ in range(6):
        if token.pos_ in _VERB_POS:
            return token
        if token.head == token:
            return token
        token = token.head
    return token


def infer_tense(trigger: Token) -> str | None:
    """'future' (will, shall, modals, scheduled/set to, planned), 'past' (past tense, perfect), or None."""
    for child in trigger.children:  # nominal triggers: "a planned dialogue", "the upcoming talks"
        if child.dep_ in {"amod", "compound"} and child.lower_ in PLAN_WORDS:
            return "future"
    verb = _verbal_head(trigger)
    for _ in range(4):
        auxes = [c for c in verb.children if c.dep_ in {"aux", "auxpass"}]
        words = {a.lower_ for a in auxes}
        if words & FUTURE_AUX:
            return "future"
        if words & MODAL_AUX:
            return "past" if words & {"have", "'ve"} else "future"
        if verb.lower_ in PLAN_WORDS and any(c.dep_ == "xcomp" for c in verb.children):
            return "future"
        if verb.lower_ in SCHEDULE_WORDS and any(c.lower_ == "for" for c in verb.children):
            return "future"  # "talks scheduled for January 10"
        if verb.dep_ == "xcomp" and verb.head.lower_ in PLAN_WORDS:
            verb = verb.head
            continue
        if words & {"did", "had", "was", "were"} or verb.tag_ == "VBD":
            return "past"
        if words & {"has", "have", "'ve"} and verb.tag_ == "VBN":
            return "past"
        if verb.tag_ == "VBN" and not auxes and verb.head != verb:
            if verb.dep_ in {"acl", "amod"}:
                return "past"  # a participle modifying a noun: "the dialogue launched by ..."
            verb = _verbal_head(verb.head)  # "..., followed on January 13 by ...": its governor's tense
            continue
        if (
            verb.tag_ == "VBG"
            and not auxes
            and verb.dep_ in {"pcomp", "advcl", "xcomp"}
            and verb.head != verb
        ):
            verb = _verbal_head(verb.head)  # "pleaded guilty to threatening her in March": the plea's tense
            continue
        return None
    return None


# ---------------------------------------------------------------------------------- event date choice


@dataclass(frozen=True, slots=True)
class DateResolution:
    """An event's date: ``origin`` is 'text' (stated in the sentence), 'context' (the day the article's story
    is about, :func:`tasks.extract.narrative_date`), 'publication' (fallback) or None."""

    date: date | None = None
    precision: str | None = None
    origin: str | None = None
    text: str | None = None
    start_char: int | None = None
    end_char: int | None = None
    tense: str | None = None


_DAY_NAMES = "|".join(calendar.day_name)
_MONTH_NAMES = "|".join(calendar.month_name[1:])
_SCAN = re.compile(
    rf"\b(?:(?:{_DAY_NAMES}),? \(?)?"
    rf"(?:(?:{_MONTH_NAMES}|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?) "
    r"\d{1,2}(?!\d)(?:st|nd|rd|th)?"
    r"(?:,? \d{4})?\)?"
    rf"|\d{{1,2}}(?:st|nd|rd|th)? (?:{_MONTH_NAMES})(?: \d{{4}})?"
    r"|the \d{1,2}(?:st|nd|rd|th)\b(?!\s+(?!of\b)[a-z])"
    r"|(?:[Yy]esterday|[Tt]omorrow|[Tt]oday|[Tt]onight)\b"
    r"|\d{4}-\d{2}-\d{2})",
)
_WEEKDAY_NAMES = re.compile(r"\b(?:" + "|".join(calendar.day_name) + r")\b")


def sentence_entities(sent: Span) -> list[Span]:
    """The entities of one sentence, read from its tokens (``Span.ents`` rebuilds the whole document's)."""
    doc = sent.doc
    spans: list[Span] = []
    start: int | None = None
    label = ""
    for token in sent:
        iob = token.ent_iob_
        if start is not None and iob != "I":
            spans.append(doc[start : token.i])
            spans[-1].label_ = label
            start = None
        if iob == "B":
            start, label = token.i, token.ent_type_
    if start is not None:
        spans.append(doc[start : sent.end])
        spans[-1].label_ = label
    return spans


STREET_WORDS = word_list("street_words")


def _not_a_date(ent: Span) -> bool:
    """A bare number the recogniser took for a date that is none: an age ("Burton, 32,"), or a house
    number before a street type ("of 1119 Eighth St.")."""
    text = ent.text.strip()
    if not text.isdigit():
        return False
    if len(text) < 4:
        return True
    for t in ent.doc[ent.end : min(ent.end + 4, len(ent.doc))]:  # "1119 Eighth St.", "3170 W. County Road"
        if t.lower_.rstrip(".") in STREET_WORDS:
            return True
        if not (t.text[:1].isupper() or t.text[:1].isdigit()):
            return False  # "in 2019 near Eighth Street": the name does not follow the number
    return False


def _without_leading_names(ent: Span) -> Span:
    """A date entity without the names the recogniser ran into it: "on Twitter Tuesday" is "Tuesday"."""
    start = ent.start
    while start < ent.end - 1:
        token = ent.doc[start]
        word = token.lower_.rstrip(".")
        if token.pos_ != "PROPN" or word in MONTHS or word in WEEKDAYS:
            break
        start += 1
    return ent if start == ent.start else ent.doc[start : ent.end]


_ARGUMENTS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "dative", "appos"})


def _overlap(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _holiday_is_a_time(span: Span) -> bool:
    """A holiday's name names a time unless it is an argument ("celebrated Diwali on Sunday", "Christmas is
    coming") or part of a longer name ("Easter Island", "the Tet Offensive": a compound of a proper noun)."""
    if span.root.dep_ in _ARGUMENTS:
        return False
    return not any(
        t.dep_ == "compound" and t.head.pos_ == "PROPN" and not span.start <= t.head.i < span.end
        for t in span
    )


def date_candidates(sent: Span) -> list[Span]:
    """Date expressions of a sentence: DATE entities (a weekday joined to a bracketed or comma date that
    follows it), plus strong patterns the entity recogniser missed ("on the 12th", "Dec. 27")."""
    doc = sent.doc
    holidays = []  # first, with the relation before them: the recogniser tags them DATE, GPE, FAC or nothing
    for m in scan_pattern().finditer(sent.text):
        span = doc.char_span(sent.start_char + m.start(), sent.start_char + m.end(), alignment_mode="expand")
        if span is not None and _holiday_is_a_time(span):
            holidays.append(span)
    ents = [
        _without_leading_names(e)
        for e in sentence_entities(sent)
        if e.label_ == "DATE" and not _not_a_date(e) and not any(_overlap(h, e) for h in holidays)
    ]
    spans: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        if i + 1 < len(ents) and _WEEKDAY_NAMES.fullmatch(ent.text.strip()):
            nxt = ents[i + 1]
            between = doc.text[ent.end_char : nxt.start_char]
            if re.fullmatch(r"[\s,(]*", between):
                end = nxt.end
                if end < sent.end and doc[end].text == ")" and "(" in between:
                    end += 1
                spans.append(doc[ent.start : end])
                i += 2
                continue
        spans.append(ent)
        i += 1
    spans.extend(holidays)
    covered = [(s.start_char, s.end_char) for s in spans]
    for m in _SCAN.finditer(sent.text):
        start, end = sent.start_char + m.start(), sent.start_char + m.end()
        if any(start < e and s < end for s, e in covered):
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            spans.append(span)
            covered.append((start, end))
    return sorted(spans, key=lambda s: s.start)


def _report_parent(trigger: Token) -> Token | None:
    """The reporting verb whose complement holds the trigger ("Moscow said on Saturday that ... returned")."""
    head = clause_head(trigger)
    if head.dep_ in {"ccomp", "parataxis"} and head.head.lower_ in REPORT_VERBS:
        return head.head
    return None


def _outlet_key(name: str) -> str:
    words = re.sub(r"[^\w\s]", " ", name.lower()).split()
    return " ".join(words[1:] if words[:1] == ["the"] else words)


def tells_outlet(trigger: Token, outlet: str | None) -> bool:
    """Whether the statement at ``trigger`` is made to the outlet that publishes the article ("Grisham told
    CNN" in a CNN story, "said in an interview with Reuters" in a Reuters one): an interview given for this
    report, made when it was written, not on the day the story is about."""
    if not outlet:
        return False
    want = _outlet_key(outlet)
    if not want:
        return False

    def pobjs(tok: Token, word: str) -> list[Token]:
        preps = [c for c in tok.children if c.lower_ == word and c.dep_ in ("prep", "dative")]
        return [p for c in preps for p in c.children if p.dep_ == "pobj"]

    heads = [c for c in trigger.children if c.dep_ in ("dobj", "dative")] + pobjs(trigger, "to")
    heads += [q for p in pobjs(trigger, "in") for q in pobjs(p, "with")]  # "in an interview with CNN"
    for h in heads:
        span = h.doc[h.left_edge.i : h.right_edge.i + 1]
        if _outlet_key(span.text) == want or _outlet_key(h.text) == want:
            return True
    return False


def resolve_event_date(
    sent: Span, trigger: Token, published: date | datetime | None, tense: str | None = None
) -> DateResolution:
    """The date of the event whose trigger is ``trigger``, from the date expressions of its own clause.

    Candidates in the trigger's clause are tried nearest first, those attached to the trigger itself
    before the rest; dates of other clauses ("said on Monday") are skipped. A past event reported in a
    complement clause with no date of its own takes the report's date ("Moscow said on Saturday that
    soldiers had returned"): the best stated bound. Otherwise the publication date is the fallback.
    ``tense`` overrides :func:`infer_tense`.
    """
    pub = _as_date(published)
    event_tense = tense if tense is not None else infer_tense(trigger)
    candidates = date_candidates(sent)

    def resolve_among(anchor: Token, pool: list[Span], tense_used: str | None) -> DateResolution | None:
        scored = []
        for span in pool:
            if span.start <= anchor.i < span.end:
                continue
            head = attachment(span)
            direct = head == anchor or (head.dep_ in {"acl", "relcl"} and head.head == anchor)
            distance = min(abs(anchor.i - span.start), abs(anchor.i - (span.end - 1)))
            scored.append((0 if direct else 1, distance, span))
        best: tuple[date, str, Span] | None = None
        for _, _, span in sorted(scored, key=lambda x: (x[0], x[1])):
            value, precision = resolve_expression(span.text, pub, tense_used)
            if value is None or precision is None:
                continue
            if best is None or _narrows(best[0], best[1], value, precision):
                best = (value, precision, span)
        if best is None:
            return None
        value, precision, span = best
        return DateResolution(
            value, precision, "text", span.text, span.start_char, span.end_char, event_tense
        )

    own = [
        s
        for s in candidates
        if _inside_trigger_phrase(s, trigger)
        or _dates_vehicle(s, trigger)
        or (in_event_clause(attachment(s), trigger) and not _dates_another_noun(s, trigger))
    ]
    found = resolve_among(trigger, own, event_tense)
    if found:
        return found
    same_time = _same_time_clauses(trigger)
    if same_time:  # "opposed the hold as soon as I learned about it on July 18"
        theirs = [s for s in candidates if clause_head(attachment(s)) in same_time]
        found = resolve_among(trigger, theirs, event_tense)
        if found:
            return found
    governor = _participle_governor(trigger)
    if governor is not None:  # "banned firecrackers ahead of Diwali, arresting 210 people": one occasion
        theirs = [s for s in candidates if clause_head(attachment(s)) == clause_head(governor)]
        found = resolve_among(governor, theirs, event_tense)
        if found:
            return found
    antecedent = _when_antecedent(trigger)
    if antecedent is not None:  # "Trump's July 25 call when he asked ...": the time the noun's date gives
        found = resolve_among(
            antecedent, [s for s in candidates if _inside_trigger_phrase(s, antecedent)], "past"
        )
        if found:
            return found
    carrier = _carrier_noun(trigger)
    if carrier is not None and event_tense != "future":
        # "Mr. Trump's Oct. 11 announcement that the United States and China had reached an agreement"
        found = resolve_among(carrier, [s for s in candidates if _inside_trigger_phrase(s, carrier)], "past")
        if found:
            return found
    if event_tense != "future":
        reporter = _report_parent(trigger)
        if reporter is not None:
            theirs = [s for s in candidates if clause_head(attachment(s)) == clause_head(reporter)]
            found = resolve_among(reporter, theirs, "past")
            if found:
                return found
    if pub is not None:
        return DateResolution(pub, "day", "publication", None, None, None, event_tense)
    return DateResolution(tense=event_tense)


_TIME_NOUNS = frozenset(
    {"morning", "afternoon", "evening", "night", "day", "week", "weekend", "month", "year"}
)


_RANK = {"year": 0, "month": 1, "day": 2}


def _narrows(coarse: date, coarse_precision: str, fine: date, fine_precision: str) -> bool:
    """Whether ``fine`` is a finer date inside the period ``coarse`` names: "this year" and "in October"."""
    if _RANK.get(fine_precision, 0) <= _RANK.get(coarse_precision, 0):
        return False
    if coarse_precision == "year":
        return fine.year == coarse.year
    return (fine.year, fine.month) == (coarse.year, coarse.month)


def _dates_another_noun(span: Span, trigger: Token) -> bool:
    """A date inside another noun phrase dates that noun, not the event: "lawmakers grilled Vindman on
    Trump's July 25 call" happened on the day of the story, not on July 25."""
    root = span.root
    head = root.head
    return (
        root.dep_ in {"compound", "nmod", "poss", "amod"}
        and head.pos_ in {"NOUN", "PROPN"}
        and head != trigger
        and head.lower_ not in _TIME_NOUNS
        and not (span.start <= head.i < span.end)
    )


_SAME_TIME = frozenset({"when", "as", "once", "while", "whenever"})


def _same_time_clauses(trigger: Token) -> list[Token]:
    """Adverbial clauses of the trigger's verb that say when it happened ("when its troops arrived on
    Monday", "as soon as I learned about it on July 18"): their dates are the event's."""
    verb = clause_head(trigger)
    if verb.lower_ in REPORT_VERBS:
        return []  # "When the officers discovered the body Aug. 10, prosecutors alleged that ...": the
        # clause belongs to what was reported, and a report is dated when it is made
    out = []
    for c in verb.subtree:
        if c.dep_ != "advcl" or c.head not in (verb, *(a for a in verb.children if a.dep_ == "advmod")):
            continue
        if any(m.dep_ in ("mark", "advmod") and m.lower_ in _SAME_TIME and m.i < c.i for m in c.children):
            out.append(c)
    return out


_PARTICIPLE_CONNECTIVES = frozenset(
    {"after", "before", "since", "while", "when", "by", "without", "upon", "on"}
)


def _participle_governor(trigger: Token) -> Token | None:
    """The verb a subjectless participle clause holding the trigger hangs on ("banned firecrackers on
    Monday, arresting 210 people"): the clause tells what else happened on the same occasion. A clause
    with its own subject or a conjunction ("after arresting", "before leaving") is not the same time."""
    head = clause_head(trigger)
    if head.dep_ != "advcl" or head.tag_ != "VBG" or head.head == head:
        return None
    if any(c.dep_ in {"nsubj", "nsubjpass", "mark"} for c in head.children):
        return None
    if head.doc[head.i - 1].lower_ in _PARTICIPLE_CONNECTIVES:  # "after arresting" (prep or mark)
        return None
    return clause_head(head.head)


def _carrier_noun(trigger: Token) -> Token | None:
    """The message noun (``vehicle_nouns``) whose that-clause holds the trigger: "Mr. Trump's Oct. 11
    announcement that the United States and China had reached an agreement"; a past event it reports with no
    date of its own took place by the message's date."""
    head = clause_head(trigger)
    noun = head.head
    if head.dep_ not in {"acl", "ccomp"} or noun == head or noun.pos_ != "NOUN":
        return None
    if noun.lower_ not in VEHICLE_NOUNS and noun.lower_[:-1] not in VEHICLE_NOUNS:
        return None
    return noun if any(c.dep_ == "mark" and c.lower_ == "that" for c in head.children) else None


def _when_antecedent(trigger: Token) -> Token | None:
    """The noun a "when" clause holding the trigger follows ("the July 25 call when he asked"), whatever
    the parser attached the clause to."""
    head = clause_head(trigger)
    first = head.doc[head.left_edge.i]
    if first.lower_ != "when" or first.head != head or first.i == 0:
        return None
    before = head.doc[first.i - 1]
    return before if before.pos_ in ("NOUN", "PROPN") else None


def _dates_vehicle(span: Span, trigger: Token) -> bool:
    """A date of what carried the event, named by the event's own "in", "during", "at" or "on"
    (``vehicle_nouns``): "In a joint statement published Oct. 25, the ministries accused ..." happened on
    Oct. 25 ("grilled the envoy about Trump's July 25 call" did not)."""
    head = attachment(span)
    noun = head.head if head.dep_ in {"acl", "relcl"} else head
    return (
        (noun.lower_ in VEHICLE_NOUNS or noun.lower_[:-1] in VEHICLE_NOUNS)  # "remarks": lemmas are not set
        and noun.dep_ == "pobj"
        and noun.head.dep_ == "prep"
        and noun.head.lower_ in ("in", "during", "at", "on")  # not "about the July 25 call"
        and _reaches_through_objects(noun.head.head, trigger)
    )


def _reaches_through_objects(token: Token, trigger: Token) -> bool:
    """Whether ``token`` is the trigger, or its object, or a noun of a prepositional phrase of the trigger:
    the parser often hangs "in a letter" on the nearest noun ("asked for compassion during the sentencing
    in a letter posted Tuesday", "condemned the attack in a statement"), and a vehicle noun does not modify
    a noun."""
    for _ in range(4):
        if token == trigger:
            return True
        if token.dep_ == "dobj":
            token = token.head
        elif token.dep_ == "pobj" and token.head.dep_ == "prep" and token.head.lower_ != "about":
            token = token.head.head
        else:
            return False
    return False


def _inside_trigger_phrase(span: Span, trigger: Token) -> bool:
    """A date inside the trigger's own noun phrase ("the January 10 talks")."""
    return any(tok.head == trigger and tok.dep_ in {"compound", "nmod", "npadvmod", "nummod"} for tok in span)


# ------------------------------------------------------------------------------- publication date


_PAIR = re.compile(
    rf"\b({_W})\b\.?,?\s*\(?\s*(?:the\s+)?"
    rf"(?:({_M})\.?\s+(\d{{1,2}})(?!\d)(?:st|nd|rd|th)?|(\d{{1,2}})(?!\d)(?:st|nd|rd|th)?\s+(?:of\s+)?({_M})\b\.?)"
    r"(?:,?\s+(\d{4}))?",
    re.IGNORECASE,
)
_REPORTING_BEFORE = re.compile(
    r"\b(said|says|told|announced|stated|reported|added|confirmed|declared|published|updated)\b[^.]{0,20}$",
    re.IGNORECASE,
)


def infer_publication_date(text: str, today: date | None = None) -> date | None:
    """Pin the publication date from a weekday–date pair ("Monday (December 27th)", "Monday, Dec. 27").

    A pair with a written year gives that date when the weekday agrees. Otherwise the year is the latest
    one in 2000..2035, not after ``today``, whose month-day falls on that weekday; a year written
    elsewhere in the text is preferred among the fitting years. Pairs after a reporting verb ("said on
    Monday (December 27th)") are preferred to the others, then the first in the text.
    """
    today = today or date.today()
    pairs: list[tuple[int, int, date]] = []  # (priority, position, date)
    years_in_text = {int(y) for y in re.findall(r"\b(20[0-3]\d)\b", text)}
    for m in _PAIR.finditer(text):
        weekday = WEEKDAYS[m[1].lower()]
        if m[2]:
            month, day = MONTHS[m[2].lower()], int(m[3])
        else:
            month, day = MONTHS[m[5].lower()], int(m[4])
        found = _pin_year(weekday, month, day, int(m[6]) if m[6] else None, years_in_text, today)
        if found is None:
            continue
        before = text[max(0, m.start() - 40) : m.start()]
        priority = 0 if _REPORTING_BEFORE.search(before) else 1
        pairs.append((priority, m.start(), found))
    if not pairs:
        return None
    return min(pairs)[2]


def _pin_year(
    weekday: int, month: int, day: int, year: int | None, years_in_text: set[int], today: date
) -> date | None:
    if year is not None:
        d = _safe_date(year, month, day)
        return d if d and d.weekday() == weekday else None
    lo, hi = PUBLICATION_YEARS
    fitting = [d for y in range(lo, hi + 1) if (d := _safe_date(y, month, day)) and d.weekday() == weekday]
    if not fitting:
        return None
    mentioned = [d for d in fitting if d.year in years_in_text and d <= today]
    if mentioned:
        return max(mentioned)
    past = [d for d in fitting if d <= today]
    return max(past) if past else min(fitting)
