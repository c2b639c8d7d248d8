"""Actor coding: dictionary loading, metonymy, roles, leaders with dates, context aliases, pronouns."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest

from tasks.nlp.actors import ActorDictionary, combine, load_dictionary, parse_entries, plural


@pytest.mark.parametrize(
    "word, expected",
    [
        ("soldier", "soldiers"),
        ("militia", "militias"),
        ("policeman", "policemen"),
        ("family", "families"),
        ("police", "police"),
        ("prime minister", "prime ministers"),
    ],
)
def test_nlp_actors_plural(word: str, expected: str) -> None:
    assert plural(word) == expected


@pytest.mark.parametrize(
    "base, country, role, generic, person, expected",
    [
        ("RUS", "RUS", "MIL", False, False, "RUSMIL"),
        ("RUS", "RUS", "GOV", True, False, "RUSGOV"),
        ("USAGOV", "USA", "GOV", True, False, "USAGOV"),
        ("USAGOV", "USA", "MIL", False, False, "USAMIL"),
        ("NATO", None, "MIL", False, False, "NATO"),
        ("RUSGOV", "RUS", "MIL", False, True, "RUSGOV"),
        ("UKR", "UKR", None, False, False, "UKR"),
    ],
)
def test_nlp_actors_combine(
    base: str, country: str | None, role: str | None, generic: bool, person: bool, expected: str
) -> None:
    assert combine(base, country, role, generic, person) == expected


def test_nlp_actors_builtin_dictionary_has_countries_capitals_and_igos() -> None:
    d = load_dictionary()
    for phrase in (
        "russia",
        "russian",
        "russians",
        "moscow",
        "kyiv",
        "kiev",
        "beijing",
        "the west",
        "white house",
        "kremlin",
        "pentagon",
        "national security council",
        "atlantic alliance",
    ):
        assert phrase in d.lower_phrases, phrase
    assert "US" in d.exact_phrases and "us" not in d.lower_phrases  # the pronoun "us" is not the USA


def test_nlp_actors_dated_codes() -> None:
    d = ActorDictionary()
    parse_entries(
        [
            {
                "type": "person",
                "names": ["Jane Doe"],
                "codes": [{"code": "ABCELI", "to": "2019-12-31"}, {"code": "ABCGOV", "from": "2020-01-01"}],
            }
        ],
        d,
    )
    e = d.entries[0]
    assert e.code_on(date(2019, 6, 1)) == "ABCELI"
    assert e.code_on(date(2021, 6, 1)) == "ABCGOV"


def test_nlp_actors_user_dictionary_file(tmp_path: Path) -> None:
    extra = tmp_path / "mine.jsonl"
    extra.write_text(
        json.dumps({"type": "actor", "code": "XYZREB", "names": ["Blue Brigade"]}) + "\n", encoding="utf-8"
    )
    d = load_dictionary((str(extra),))
    assert any(d.entries[i].code == "XYZREB" for i in d.lower_phrases["blue brigade"])


def test_nlp_actors_bad_record_is_reported(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"type": "planet", "names": ["Mars"]}\n', encoding="utf-8")
    with pytest.raises(ValueError, match="planet"):
        load_dictionary((str(bad),))


@pytest.fixture(scope="module")
def nlp() -> Any:
    from tasks.nlp.model import load_model

    return load_model()


def subject_code(nlp: Any, text: str, published: datetime | None = datetime(2022, 1, 5)) -> str | None:
    doc = nlp.make_doc(text)
    doc._.newsevents_published = published
    doc = nlp(doc)
    events = [m for m in doc._.newsevents_events if m.source is not None]
    return events[-1].source.code if events else None


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Washington criticized Iran.", "USA"),
        ("Moscow criticized Iran.", "RUS"),
        ("Kyiv criticized Iran.", "UKR"),
        ("Kiev criticized Iran.", "UKR"),
        ("Beijing criticized Iran.", "CHN"),
        ("The White House criticized Iran.", "USAGOV"),
        ("The Kremlin criticized Iran.", "RUSGOV"),
        ("The Pentagon criticized Iran.", "USAMIL"),
        ("The National Security Council criticized Iran.", "USAGOV"),
        ("Russian soldiers attacked the village.", "RUSMIL"),
        ("President Joe Biden criticized Iran.", "USAGOV"),
        ("The West criticized Iran.", "WST"),
        ("A spokesperson for the National Security Council criticized Iran.", "USAGOV"),
        ("A Russian official criticized Iran.", "RUSGOV"),
    ],
)
def test_nlp_actors_metonymy_and_roles(nlp: Any, text: str, expected: str) -> None:
    assert subject_code(nlp, text) == expected


@pytest.mark.model
def test_nlp_actors_leader_code_depends_on_the_date(nlp: Any) -> None:
    assert subject_code(nlp, "Joe Biden criticized Iran.", datetime(2022, 1, 5)) == "USAGOV"
    assert subject_code(nlp, "Joe Biden criticized Iran.", datetime(2019, 1, 5)) == "USAELI"


@pytest.mark.model
def test_nlp_actors_context_alias_needs_its_actor_in_the_article(nlp: Any) -> None:
    with_nato = "NATO met in Brussels. Russia demands that the Alliance stop expanding."
    without = "Russia demands that the Alliance stop expanding."
    doc = nlp(with_nato)
    assert any(m.target and m.target.code == "NATO" and m.code == "100" for m in doc._.newsevents_events)
    doc = nlp(without)
    assert not any(m.target and m.target.code == "NATO" for m in doc._.newsevents_events)


@pytest.mark.model
def test_nlp_actors_pronoun_and_the_spokesperson(nlp: Any) -> None:
    doc = nlp(
        "A spokesperson for the Kremlin spoke on Monday. Later the spokesperson criticized Iran. "
        "He also condemned Israel."
    )
    codes = [(m.source.code if m.source else None, m.code) for m in doc._.newsevents_events]
    assert ("RUSGOV", "111") in codes
    assert codes.count(("RUSGOV", "111")) >= 2


@pytest.mark.model
@pytest.mark.parametrize(
    "text, target",
    [
        # the last country named in the sentence that is not the speaker's own
        (
            "A French diplomat said Paris was reviewing its ties with Mali and called on the government "
            "to hold elections.",
            "MLIGOV",
        ),
        ("France condemned Iran and urged the government to free the prisoners.", "IRNGOV"),
        # a non-state source addresses its own government
        ("Kenyan opposition leaders called on the government to resign.", "KENGOV"),
        # nothing in the sentence: the country the article names most often
        (
            "Protests spread across Georgia. Georgia is divided. The EU urged the government to listen.",
            "GEOGOV",
        ),
    ],
)
def test_nlp_actors_bare_government_takes_the_country_in_context(nlp: Any, text: str, target: str) -> None:
    doc = nlp(text)
    appeals = [m for m in doc._.newsevents_events if m.code[:2] == "02"]
    assert appeals and appeals[-1].target is not None, [(m.code, m.target) for m in doc._.newsevents_events]
    assert appeals[-1].target.code == target


@pytest.mark.model
@pytest.mark.parametrize(
    "text, expected, via",
    [
        # a people is coded where the phrase says it lives (CAMEO's convention), else as its country
        ("Ethnic Albanians in south Serbia demanded autonomy.", "SRB", "dictionary"),
        ("The Albanians of southern Serbia demanded autonomy.", "SRB", "dictionary"),
        ("Bosnian Serbs demanded a truce.", "BIH", "dictionary"),
        ("The Russians demanded a truce.", "RUS", "dictionary"),
        # "ethnic" without a place: the code is a guess between the people and the state, marked as such
        ("Ethnic Albanians demanded autonomy.", "ALB", "ethnic"),
        # a participle the parser made the subject's head: its own subject is the actor
        ("The Red Cross operating in Iraq demanded access.", "ICRC", "dictionary"),
    ],
)
def test_nlp_actors_peoples_and_participle_heads(nlp: Any, text: str, expected: str, via: str) -> None:
    doc = nlp(text)
    found = [m.source for m in doc._.newsevents_events if m.source is not None]
    assert found, doc._.newsevents_events
    assert (found[0].code, found[0].via) == (expected, via)
