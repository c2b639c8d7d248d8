"""Event dates: expression rules (year boundaries, weekdays, month precision, tense), the event's own clause,
and the publication date inferred from a weekday–date pair."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tasks.nlp.dates import (
    DateResolution,
    has_explicit_year,
    infer_publication_date,
    resolve_event_date,
    resolve_expression,
)

SEED = Path(__file__).resolve().parents[1] / "seeds" / "000_218c164c2f570b33.txt"
PUB = date(2021, 12, 27)  # Monday, the seed article's date
D = date


# ------------------------------------------------------------------------------------ the seed article


@pytest.mark.parametrize(
    ("expr", "tense", "expected"),
    [
        ("January 10", "future", (D(2022, 1, 10), "day")),
        ("January 10", None, (D(2022, 1, 10), "day")),
        ("January 12", None, (D(2022, 1, 12), "day")),
        ("January 13", "future", (D(2022, 1, 13), "day")),
        ("last June", None, (D(2021, 6, 1), "month")),
        ("last June", "past", (D(2021, 6, 1), "month")),
        ("on Saturday", "past", (D(2021, 12, 25), "day")),
        ("on Saturday", None, (D(2021, 12, 25), "day")),
        ("on Monday (December 27th)", None, (D(2021, 12, 27), "day")),
        ("on Monday (December 27th)", "past", (D(2021, 12, 27), "day")),
        ("Monday", "past", (D(2021, 12, 27), "day")),
    ],
)
def test_dates_seed_expressions(expr: str, tense: str | None, expected: tuple[date, str]) -> None:
    assert resolve_expression(expr, PUB, tense) == expected


def test_dates_seed_publication_date_inferred() -> None:
    text = SEED.read_text(encoding="utf-8")
    assert infer_publication_date(text, today=D(2026, 11, 28)) == PUB


# ------------------------------------------------------------------------------------ expression rules


@pytest.mark.parametrize(
    ("expr", "published", "tense", "expected"),
    [
        # month-day without a year: nearest, or by tense; across the year boundary both ways
        ("January 10", PUB, "past", (D(2021, 1, 10), "day")),
        ("December 30", D(2022, 1, 2), None, (D(2021, 12, 30), "day")),
        ("December 30", D(2022, 1, 2), "past", (D(2021, 12, 30), "day")),
        ("December 30", D(2022, 1, 2), "future", (D(2022, 12, 30), "day")),
        ("January 2", D(2021, 12, 30), "future", (D(2022, 1, 2), "day")),
        ("January 2", D(2021, 12, 30), None, (D(2022, 1, 2), "day")),
        ("January 2", D(2021, 12, 30), "past", (D(2021, 1, 2), "day")),
        ("December 31", D(2022, 1, 1), "past", (D(2021, 12, 31), "day")),
        ("December 28", PUB, "past", (D(2021, 12, 28), "day")),  # one day of slack for time zones
        ("July 4", D(2021, 1, 15), None, (D(2021, 7, 4), "day")),
        ("July 4", D(2021, 1, 15), "past", (D(2020, 7, 4), "day")),
        ("10 January", PUB, None, (D(2022, 1, 10), "day")),
        ("the 10th of January", PUB, None, (D(2022, 1, 10), "day")),
        ("Dec. 27", PUB, None, (D(2021, 12, 27), "day")),
        ("Jan. 3", PUB, "future", (D(2022, 1, 3), "day")),
        ("Sept. 11", D(2021, 9, 12), "past", (D(2021, 9, 11), "day")),
        ("February 29", D(2024, 3, 5), "past", (D(2024, 2, 29), "day")),
        ("February 29", D(2023, 3, 5), None, (D(2024, 2, 29), "day")),  # only leap year in reach
        ("February 29", D(2001, 3, 2), None, (None, None)),  # more than a year away
        ("February 30", PUB, None, (None, None)),
        # explicit years
        ("January 10, 2022", PUB, None, (D(2022, 1, 10), "day")),
        ("January 10, 2022", None, None, (D(2022, 1, 10), "day")),
        ("10 January 2019", PUB, "future", (D(2019, 1, 10), "day")),
        ("Monday, December 27, 2021", None, None, (D(2021, 12, 27), "day")),
        ("June 2019", PUB, None, (D(2019, 6, 1), "month")),
        ("June of 2019", None, None, (D(2019, 6, 1), "month")),
        ("2019", PUB, None, (D(2019, 1, 1), "year")),
        ("in 2019", None, None, (D(2019, 1, 1), "year")),
        ("2021-12-27", None, None, (D(2021, 12, 27), "day")),
        ("2021-12-27T10:15:00Z", None, None, (D(2021, 12, 27), "day")),
        ("2021-12", None, None, (D(2021, 12, 1), "month")),
        ("12/25/2021", None, None, (D(2021, 12, 25), "day")),
        ("25/12/2021", None, None, (D(2021, 12, 25), "day")),
        ("2021/12/25", None, None, (D(2021, 12, 25), "day")),
        # weekdays: the most recent one on or before publication for the past, the next one for the future
        ("on Saturday", PUB, "future", (D(2022, 1, 1), "day")),
        ("on Monday", PUB, "future", (D(2021, 12, 27), "day")),
        ("on Monday", PUB, "past", (D(2021, 12, 27), "day")),
        ("last Monday", PUB, None, (D(2021, 12, 20), "day")),
        ("next Monday", PUB, None, (D(2022, 1, 3), "day")),
        ("next Saturday", PUB, None, (D(2022, 1, 1), "day")),
        ("on Friday", D(2022, 1, 3), "past", (D(2021, 12, 31), "day")),
        ("on Friday", D(2022, 1, 3), None, (D(2021, 12, 31), "day")),
        ("on Tuesday", D(2021, 12, 30), "future", (D(2022, 1, 4), "day")),
        ("Saturday night", PUB, None, (D(2021, 12, 25), "day")),
        ("early Sunday", PUB, "past", (D(2021, 12, 26), "day")),
        ("Wednesday morning", PUB, "future", (D(2021, 12, 29), "day")),
        ("Monday (December 27th)", D(2021, 12, 29), "future", (D(2021, 12, 27), "day")),
        ("Tuesday, Jan. 4", PUB, None, (D(2022, 1, 4), "day")),
        ("on Monday", None, "past", (None, None)),
        # weekend
        ("over the weekend", PUB, "past", (D(2021, 12, 25), "day")),
        ("this weekend", D(2021, 12, 29), "future", (D(2022, 1, 1), "day")),
        ("last weekend", PUB, None, (D(2021, 12, 25), "day")),
        # relative days
        ("yesterday", PUB, None, (D(2021, 12, 26), "day")),
        ("Yesterday", D(2022, 1, 1), None, (D(2021, 12, 31), "day")),
        ("today", PUB, None, (D(2021, 12, 27), "day")),
        ("tonight", PUB, None, (D(2021, 12, 27), "day")),
        ("this morning", PUB, None, (D(2021, 12, 27), "day")),
        ("tomorrow", D(2021, 12, 31), None, (D(2022, 1, 1), "day")),
        ("last night", D(2022, 1, 1), None, (D(2021, 12, 31), "day")),
        ("the day before yesterday", PUB, None, (D(2021, 12, 25), "day")),
        ("the day after tomorrow", D(2021, 12, 30), None, (D(2022, 1, 1), "day")),
        ("two days ago", PUB, None, (D(2021, 12, 25), "day")),
        ("3 days ago", D(2022, 1, 2), None, (D(2021, 12, 30), "day")),
        ("yesterday", None, None, (None, None)),
        # months, by modifier and tense
        ("last June", D(2021, 6, 15), None, (D(2020, 6, 1), "month")),
        ("last June", D(2021, 3, 1), None, (D(2020, 6, 1), "month")),
        ("last December", D(2022, 1, 3), None, (D(2021, 12, 1), "month")),
        ("next January", PUB, None, (D(2022, 1, 1), "month")),
        ("next December", D(2021, 12, 5), None, (D(2022, 12, 1), "month")),
        ("this June", PUB, None, (D(2021, 6, 1), "month")),
        ("in March", PUB, None, (D(2022, 3, 1), "month")),
        ("in March", PUB, "past", (D(2021, 3, 1), "month")),
        ("in March", PUB, "future", (D(2022, 3, 1), "month")),
        ("in December", PUB, "past", (D(2021, 12, 1), "month")),
        ("in December", PUB, "future", (D(2021, 12, 1), "month")),
        ("in January", D(2022, 1, 20), "past", (D(2022, 1, 1), "month")),
        ("in November", D(2022, 1, 20), None, (D(2021, 11, 1), "month")),
        ("mid-January", PUB, "future", (D(2022, 1, 1), "month")),
        ("early June", PUB, "past", (D(2021, 6, 1), "month")),
        ("the end of January", PUB, "future", (D(2022, 1, 1), "month")),
        ("June last year", PUB, None, (D(2020, 6, 1), "month")),
        ("March next year", PUB, None, (D(2022, 3, 1), "month")),
        # periods relative to publication
        ("next month", PUB, None, (D(2022, 1, 1), "month")),
        ("next month", D(2021, 11, 30), None, (D(2021, 12, 1), "month")),
        ("last month", D(2022, 1, 5), None, (D(2021, 12, 1), "month")),
        ("this month", PUB, None, (D(2021, 12, 1), "month")),
        ("earlier this month", PUB, None, (D(2021, 12, 1), "month")),
        ("a month ago", D(2022, 1, 5), None, (D(2021, 12, 1), "month")),
        ("three months ago", D(2022, 2, 5), None, (D(2021, 11, 1), "month")),
        ("last week", PUB, None, (D(2021, 12, 1), "month")),
        ("last week", D(2022, 1, 3), None, (D(2021, 12, 1), "month")),  # Dec 27 – Jan 2: Thursday Dec 30
        ("last week", D(2022, 1, 10), None, (D(2022, 1, 1), "month")),
        ("next week", PUB, None, (D(2022, 1, 1), "month")),
        ("early next week", PUB, None, (D(2022, 1, 1), "month")),
        ("two weeks ago", PUB, None, (D(2021, 12, 1), "month")),
        ("last year", PUB, None, (D(2020, 1, 1), "year")),
        ("last year", D(2022, 1, 1), None, (D(2021, 1, 1), "year")),
        ("late last year", D(2022, 1, 1), None, (D(2021, 1, 1), "year")),
        ("this year", PUB, None, (D(2021, 1, 1), "year")),
        ("earlier this year", PUB, None, (D(2021, 1, 1), "year")),
        ("next year", D(2021, 12, 31), None, (D(2022, 1, 1), "year")),
        ("a year ago", PUB, None, (D(2020, 1, 1), "year")),
        # the nth of a month
        ("on the 12th", PUB, None, (D(2021, 12, 12), "day")),
        ("on the 12th", PUB, "future", (D(2022, 1, 12), "day")),
        ("on the 30th", D(2022, 1, 2), "past", (D(2021, 12, 30), "day")),
        ("on the 2nd", D(2021, 12, 30), "future", (D(2022, 1, 2), "day")),
        ("the 31st", D(2022, 3, 2), "past", (D(2022, 1, 31), "day")),  # February has no 31st
        # not dates: durations, decades, vague words
        ("more than a month", PUB, None, (None, None)),
        ("month", PUB, None, (None, None)),
        ("two weeks", PUB, None, (None, None)),
        ("10 years", PUB, None, (None, None)),
        ("the 1990s", PUB, None, (None, None)),
        ("the '90s", PUB, None, (None, None)),
        ("recently", PUB, None, (None, None)),
        ("the coming days", PUB, None, (None, None)),
        ("", PUB, None, (None, None)),
        ("January 10", None, None, (None, None)),
        ("last June", None, None, (None, None)),
    ],
)
def test_dates_resolve_expression(
    expr: str, published: date | None, tense: str | None, expected: tuple[date | None, str | None]
) -> None:
    assert resolve_expression(expr, published, tense) == expected


NOV3 = D(2019, 11, 3)  # a Sunday, a week after Diwali 2019 (October 26 in tasks/data/holidays/dates.csv)


@pytest.mark.parametrize(
    ("expr", "published", "tense", "expected"),
    [
        # a one-day holiday named alone or with "on": its day, the last one for a past event
        ("on Christmas Eve", NOV3, "past", (D(2018, 12, 24), "day")),
        ("Christmas Day", NOV3, "past", (D(2018, 12, 25), "day")),
        ("Thanksgiving", NOV3, "future", (D(2019, 11, 28), "day")),
        ("Easter 2016", NOV3, "past", (D(2016, 3, 27), "day")),
        ("last Christmas", NOV3, None, (D(2018, 12, 25), "day")),
        ("this year's Thanksgiving", NOV3, "past", (D(2019, 11, 28), "day")),
        ("Martin Luther King Jr. Day", NOV3, "past", (D(2019, 1, 21), "day")),
        # a relation, or a holiday of several days: the holiday's month
        ("ahead of Diwali", NOV3, "past", (D(2019, 10, 1), "month")),
        ("during Ramadan", NOV3, "past", (D(2019, 5, 1), "month")),
        ("next year's Ramadan", NOV3, None, (D(2020, 4, 1), "month")),
        ("after Thanksgiving", NOV3, "future", (D(2019, 11, 1), "month")),
        ("over the Lunar New Year holiday", NOV3, "past", (D(2019, 2, 1), "month")),
        ("the Christmas season", NOV3, "past", (D(2018, 12, 1), "month")),
        # a past event ahead of a holiday still to come, when it is near
        ("ahead of Christmas", D(2019, 12, 20), "past", (D(2019, 12, 1), "month")),
        ("before Easter", NOV3, "past", (D(2019, 4, 1), "month")),
        # no publication date, no year: nothing
        ("on Christmas Eve", None, "past", (None, None)),
    ],
)
def test_dates_holidays(
    expr: str, published: date | None, tense: str | None, expected: tuple[date | None, str | None]
) -> None:
    """``tasks/data/holidays``: a holiday resolves to the occurrence the tense or the relation points to."""
    assert resolve_expression(expr, published, tense) == expected


def test_dates_holiday_table_covers_every_year() -> None:
    """Every holiday of ``holidays.csv`` has a date in each year of 1990-2040, and the computed ones follow
    their rule (Thanksgiving a Thursday, Black Friday the day after it, Christmas on December 25)."""
    from tasks.nlp.holidays import _table

    holidays = {h.key: h for h in _table()[0].values()}
    assert len(holidays) >= 30
    for key, holiday in holidays.items():
        assert {d.year for d in holiday.dates} == set(range(1990, 2041)), key
    assert all(d.weekday() == 3 and 22 <= d.day <= 28 for d in holidays["thanksgiving"].dates)
    assert [d - timedelta(days=1) for d in holidays["black_friday"].dates] == list(
        holidays["thanksgiving"].dates
    )
    assert all((d.month, d.day) == (12, 25) for d in holidays["christmas"].dates)
    easter = pytest.importorskip("dateutil.easter")
    assert list(holidays["easter"].dates) == [easter.easter(y) for y in range(1990, 2041)]


def test_dates_resolve_expression_accepts_datetime() -> None:
    assert resolve_expression("yesterday", datetime(2022, 1, 1, 23, 59), None) == (D(2021, 12, 31), "day")


@pytest.mark.parametrize(
    ("expr", "explicit"),
    [
        ("January 10, 2022", True),
        ("2019", True),
        ("2021-12-27", True),
        ("June 2019", True),
        ("January 10", False),
        ("last year", False),
        ("the 1990s", False),
        ("two days ago", False),
    ],
)
def test_dates_has_explicit_year(expr: str, explicit: bool) -> None:
    assert has_explicit_year(expr) is explicit


# --------------------------------------------------------------------------------- publication date


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("Officials said on Monday (December 27th) that talks go on.", D(2026, 1, 1), D(2021, 12, 27)),
        ("It was announced on Monday, December 27.", D(2026, 1, 1), D(2021, 12, 27)),
        ("It was announced on Monday, Dec. 27.", D(2026, 1, 1), D(2021, 12, 27)),
        ("The vote took place on Tuesday 4 January.", D(2026, 1, 1), D(2022, 1, 4)),
        # the latest fitting year not after today
        ("They met on Monday (December 27th).", D(2021, 12, 1), D(2010, 12, 27)),
        ("They met on Monday (December 27th).", D(2030, 1, 1), D(2027, 12, 27)),
        # a year written in the text is preferred among the fitting years
        ("In 2010 the plan began. They met on Monday (December 27th).", D(2030, 1, 1), D(2010, 12, 27)),
        # a written year is taken when the weekday agrees, refused when it does not
        ("He spoke on Monday, December 27, 2021.", D(2026, 1, 1), D(2021, 12, 27)),
        ("He spoke on Tuesday, December 27, 2021.", D(2026, 1, 1), None),
        # a pair after a reporting verb beats an earlier one
        (
            "Talks on Monday, January 10 are planned, the ministry said on Monday (December 27th).",
            D(2026, 1, 1),
            D(2021, 12, 27),
        ),
        ("No weekday here, only December 27.", D(2026, 1, 1), None),
        ("Monday was cold.", D(2026, 1, 1), None),
        ("", D(2026, 1, 1), None),
    ],
)
def test_dates_infer_publication_date(text: str, today: date, expected: date | None) -> None:
    assert infer_publication_date(text, today=today) == expected


# ------------------------------------------------------------------------------------------- property

_NO_YEAR = st.one_of(
    st.builds(
        lambda m, d, fmt: fmt.format(m=m, d=d),
        st.sampled_from(["January", "February", "March", "June", "September", "December", "Dec.", "Jan."]),
        st.integers(1, 31),
        st.sampled_from(["{m} {d}", "{d} {m}", "on {m} {d}", "the {d}th of {m}"]),
    ),
    st.builds(
        lambda mod, w: f"{mod}{w}".strip(),
        st.sampled_from(["", "on ", "last ", "next ", "this "]),
        st.sampled_from(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]),
    ),
    st.builds(
        lambda mod, m: f"{mod}{m}",
        st.sampled_from(["", "in ", "last ", "next ", "this ", "early ", "mid-"]),
        st.sampled_from(["January", "April", "June", "July", "November", "December"]),
    ),
    st.sampled_from(
        [
            "yesterday",
            "today",
            "tomorrow",
            "last week",
            "next week",
            "last month",
            "next month",
            "this month",
            "last year",
            "next year",
            "this year",
            "a year ago",
            "a month ago",
            "on the 1st",
            "on the 31st",
            "the 15th",
            "over the weekend",
            "last night",
            "the day after tomorrow",
        ]
    ),
    st.builds(lambda n: f"{n} days ago", st.integers(0, 366)),
)


def _period(value: date, precision: str) -> tuple[date, date]:
    if precision == "year":
        return value, date(value.year, 12, 31)
    if precision == "month":
        nxt = date(value.year + value.month // 12, value.month % 12 + 1, 1)
        return value, nxt - timedelta(days=1)
    return value, value


@settings(max_examples=400, deadline=None, derandomize=True)
@example(expr="February 29", published=date(2001, 3, 2), tense=None)
@given(
    expr=_NO_YEAR,
    published=st.dates(min_value=date(1990, 1, 1), max_value=date(2040, 12, 31)),
    tense=st.sampled_from([None, "past", "future"]),
)
def test_dates_property_within_a_year_of_publication(expr: str, published: date, tense: str | None) -> None:
    """Without a written year, the resolved period is never more than a year and a day from publication."""
    assert not has_explicit_year(expr)
    value, precision = resolve_expression(expr, published, tense)
    if value is None:
        return
    start, end = _period(value, precision or "day")
    gap = 0 if start <= published <= end else min(abs((start - published).days), abs((end - published).days))
    assert gap <= 366, (expr, published, tense, value, precision)


# --------------------------------------------------------------------------------- event dates (model)


@pytest.fixture(scope="module")
def nlp():  # type: ignore[no-untyped-def]
    from tasks.nlp.model import load_model

    return load_model()


def _event(nlp, text: str, trigger: str, occurrence: int = 0):  # type: ignore[no-untyped-def]
    doc = nlp(text)
    tokens = [t for t in doc if t.text == trigger]
    token = tokens[occurrence]
    return token.sent, token


@pytest.fixture(scope="module")
def seed_doc(nlp):  # type: ignore[no-untyped-def]
    return nlp(SEED.read_text(encoding="utf-8"))


def _seed_trigger(doc, sentence_start: str, trigger: str, occurrence: int = 0):  # type: ignore[no-untyped-def]
    for sent in doc.sents:
        if sent.text.strip().startswith(sentence_start):
            return sent, [t for t in sent if t.text == trigger][occurrence]
    raise AssertionError(f"no sentence starting {sentence_start!r}")


@pytest.mark.model
@pytest.mark.parametrize(
    ("sentence_start", "trigger", "occurrence", "expected", "precision", "tense", "text"),
    [
        (
            "Washington and Moscow will negotiate",
            "negotiate",
            0,
            D(2022, 1, 10),
            "day",
            "future",
            "January 10",
        ),
        (
            "Washington and Moscow will negotiate",
            "said",
            0,
            D(2021, 12, 27),
            "day",
            "past",
            "Monday (December 27th)",
        ),
        ("A meeting between Russia and NATO", "meeting", 0, D(2022, 1, 12), "day", "future", "January 12"),
        ("A meeting between Russia and NATO", "meeting", 1, D(2022, 1, 13), "day", "future", "January 13"),
        ("Bilateral talks on January 10", "talks", 0, D(2022, 1, 10), "day", "future", "January 10"),
        ("Bilateral talks on January 10", "launched", 0, D(2021, 6, 1), "month", "past", "last June"),
        ("Moscow said on Saturday", "said", 0, D(2021, 12, 25), "day", "past", "Saturday"),
        # a past event reported in a complement with no date of its own takes the report's date
        ("Moscow said on Saturday", "returned", 0, D(2021, 12, 25), "day", "past", "Saturday"),
        ("Any agreement with Russia", "said", 0, D(2021, 12, 27), "day", "past", "Monday"),
    ],
)
def test_dates_seed_event_dates(
    seed_doc, sentence_start, trigger, occurrence, expected, precision, tense, text
) -> None:  # type: ignore[no-untyped-def]
    sent, token = _seed_trigger(seed_doc, sentence_start, trigger, occurrence)
    result = resolve_event_date(sent, token, PUB)
    assert (result.date, result.precision, result.origin, result.tense) == (
        expected,
        precision,
        "text",
        tense,
    )
    assert result.text == text
    assert result.start_char is not None
    assert seed_doc.text[result.start_char : result.end_char] == text


@pytest.mark.model
def test_dates_seed_massing_falls_back_to_publication(seed_doc) -> None:  # type: ignore[no-untyped-def]
    # "of more than a month" is a duration, not the date of the massing
    sent, token = _seed_trigger(seed_doc, "Russia has been accused", "massed")
    result = resolve_event_date(sent, token, PUB)
    assert result == DateResolution(PUB, "day", "publication", None, None, None, result.tense)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "published", "expected", "origin", "tense"),
    [
        # the date of another clause is skipped
        (
            "The ministry said on Monday that the two sides had met in Vienna.",
            "said",
            PUB,
            D(2021, 12, 27),
            "text",
            "past",
        ),
        (
            "Officials announced on Friday that Russia will attack next week.",
            "attack",
            PUB,
            D(2022, 1, 1),
            "text",
            "future",
        ),
        (
            "Officials announced on Friday that Russia will attack.",
            "attack",
            PUB,
            PUB,
            "publication",
            "future",
        ),
        # tense decides the year and the weekday
        ("Russia will hold talks with NATO on January 12.", "hold", PUB, D(2022, 1, 12), "text", "future"),
        ("Russia held talks with NATO on January 12.", "held", PUB, D(2021, 1, 12), "text", "past"),
        ("The leaders will meet on Saturday.", "meet", PUB, D(2022, 1, 1), "text", "future"),
        ("The leaders met on Saturday.", "met", PUB, D(2021, 12, 25), "text", "past"),
        ("The summit is scheduled to begin on Thursday.", "begin", PUB, D(2021, 12, 30), "text", "future"),
        ("Talks are set for January 10.", "Talks", PUB, D(2022, 1, 10), "text", "future"),
        (
            "Police arrested 20 protesters yesterday.",
            "arrested",
            D(2022, 1, 1),
            D(2021, 12, 31),
            "text",
            "past",
        ),
        ("Rebels attacked the town last month.", "attacked", D(2022, 1, 5), D(2021, 12, 1), "text", "past"),
        ("The January 10 talks will be held in Geneva.", "talks", PUB, D(2022, 1, 10), "text", "future"),
        # nothing stated: the publication date; nothing known: nothing
        ("Russia has deployed troops near the border.", "deployed", PUB, PUB, "publication", "past"),
        ("Russia has deployed troops near the border.", "deployed", None, None, None, "past"),
        ("Russia deployed troops on January 3.", "deployed", None, None, None, "past"),
        ("Russia deployed troops on January 3, 2022.", "deployed", None, D(2022, 1, 3), "text", "past"),
    ],
)
def test_dates_event_own_clause(nlp, text, trigger, published, expected, origin, tense) -> None:  # type: ignore[no-untyped-def]
    sent, token = _event(nlp, text, trigger)
    result = resolve_event_date(sent, token, published)
    assert (result.date, result.origin, result.tense) == (expected, origin, tense)


@pytest.mark.model
def test_dates_event_tense_override(nlp) -> None:  # type: ignore[no-untyped-def]
    sent, token = _event(nlp, "The ministers meet on January 12.", "meet")
    assert resolve_event_date(sent, token, PUB, tense="past").date == D(2021, 1, 12)
    assert resolve_event_date(sent, token, PUB, tense="future").date == D(2022, 1, 12)


@pytest.mark.model
def test_dates_event_accepts_publication_datetime(nlp) -> None:  # type: ignore[no-untyped-def]
    sent, token = _event(nlp, "Protesters gathered yesterday.", "gathered")
    assert resolve_event_date(sent, token, datetime(2021, 12, 27, 8, 30)).date == D(2021, 12, 26)


@pytest.mark.model
def test_dates_an_age_or_a_house_number_is_no_date(nlp) -> None:  # type: ignore[no-untyped-def]
    from tasks.nlp.dates import date_candidates

    text = "Officers later arrested Elizabeth A. Burton, 32, of 1119 Eighth St., after a traffic stop."
    sent, _ = _event(nlp, text, "arrested")
    # the case this rule is for (rewrite the text if the model changes)
    assert any(e.text == "1119" and e.label_ == "DATE" for e in sent.ents)
    assert [s.text for s in date_candidates(sent)] == []
    sent, _ = _event(nlp, "Officers arrested Burton in 2019 near Eighth Street.", "arrested")
    assert [s.text for s in date_candidates(sent)] == ["2019"]  # a year before a street name stays a year


@pytest.mark.model
def test_dates_what_a_dated_message_reports_took_place_by_its_date(nlp) -> None:  # type: ignore[no-untyped-def]
    from tasks.nlp.dates import resolve_event_date

    text = (
        "Despite the minister’s Oct. 11 announcement that Russia and Ukraine had reached an agreement, "
        "the fighting went on."
    )
    sent, trigger = _event(nlp, text, "reached")
    got = resolve_event_date(sent, trigger, D(2019, 11, 18))
    assert (got.date, got.precision, got.origin) == (D(2019, 10, 11), "day", "text")


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "trigger", "tense", "expected"),
    [
        # a gerund with no auxiliary takes its governor's tense: the threat was in March before the plea
        (
            "A man pleaded guilty Monday to threatening a congresswoman in March.",
            "threatening",
            "past",
            D(2019, 3, 1),
        ),
        ("The ministry began imposing tariffs in March.", "imposing", "past", D(2019, 3, 1)),
        ("The ministry will start imposing tariffs in March.", "imposing", "future", D(2020, 3, 1)),
    ],
)
def test_dates_a_gerund_takes_its_governors_tense(
    nlp, text: str, trigger: str, tense: str, expected: date
) -> None:  # type: ignore[no-untyped-def]
    from tasks.nlp.dates import infer_tense

    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    assert infer_tense(token) == tense
    assert resolve_event_date(token.sent, token, D(2019, 11, 18)).date == expected
