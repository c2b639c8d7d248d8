"""Event coding rules on single sentences with the real model: passive, coordination, negation, status,
nominal events, reported speech, light verbs."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from tasks.nlp import cameo

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def nlp() -> Any:
    from tasks.nlp.model import load_model

    return load_model()


def code(nlp: Any, text: str, published: datetime | None = datetime(2022, 1, 5)) -> list[tuple]:
    doc = nlp.make_doc(text)
    doc._.newsevents_published = published
    doc = nlp(doc)
    return [
        (
            m.source.code if m.source else None,
            m.target.code if m.target else None,
            m.code,
            m.status,
            m.symmetric,
        )
        for m in doc._.newsevents_events
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # passive voice: the by-agent is the source
        ("Russia has been accused by the West of aggression.", ("WST", "RUS", "112")),
        ("Ukraine was attacked by Russian troops.", ("RUSMIL", "UKR", "190")),
        # active voice
        ("France condemned Iran on Tuesday.", ("FRA", "IRN", "111")),
        ("The European Union imposed new sanctions on Iran.", ("EU", "IRN", "163")),
        ("Kenyan police arrested opposition activists.", ("KENCOP", "KENOPP", "173")),
        ("Moscow demands that NATO stop its expansion.", ("RUS", "NATO", "100")),
        # light verb + event noun
        ("Germany held talks with Poland.", ("DEU", "POL", "046")),
        # reported speech: the verb inside the complement is coded with its own subject
        ("A spokesman said that Israel had bombed Syria.", ("ISR", "SYR", "195")),
    ],
)
def test_nlp_events_actor_roles(nlp: Any, text: str, expected: tuple) -> None:
    found = [e[:3] for e in code(nlp, text)]
    assert expected in found, found


def test_nlp_events_coordination_is_one_symmetric_event(nlp: Any) -> None:
    found = code(nlp, "Washington and Moscow will negotiate on January 10.")
    assert len(found) == 1
    src, tgt, c, status, sym = found[0]
    # planned talks are CAMEO's "express intent to meet or negotiate" (036), still planned and symmetric
    assert {src, tgt} == {"USA", "RUS"} and c == "036" and status == "planned" and sym is True


def test_nlp_events_coordinated_sources_of_a_one_sided_verb(nlp: Any) -> None:
    found = {e[:3] for e in code(nlp, "France and Germany condemned Russia.")}
    assert {("FRA", "RUS", "111"), ("DEU", "RUS", "111")} <= found


@pytest.mark.parametrize(
    "text, status",
    [
        ("Russia attacked Ukraine.", "occurred"),
        ("Russia did not attack Ukraine.", "negated"),
        ("Russia never attacked Ukraine.", "negated"),
        ("Russia will attack Ukraine.", "planned"),
        ("Russia is going to attack Ukraine.", "planned"),
        ("Russia plans to attack Ukraine.", "planned"),
        ("Russia could attack Ukraine.", "hypothetical"),
        ("Russia may attack Ukraine.", "hypothetical"),
        ("Russia might attack Ukraine.", "hypothetical"),
        ("Russia denied attacking Ukraine.", "denied"),
        ("Russia wants to attack Ukraine.", "hypothetical"),  # a wish is no plan (word_lists.json)
        ("Russia is unlikely to attack Ukraine.", "hypothetical"),
        ("Russia is willing to meet Ukraine on Monday.", "planned"),  # readiness stays planned
        ("A meeting between Russia and NATO could take place on January 12.", "planned"),
        ("A meeting between Russia and NATO is scheduled for January 12.", "planned"),
    ],
)
def test_nlp_events_status(nlp: Any, text: str, status: str) -> None:
    found = [e for e in code(nlp, text) if e[2][:2] in ("19", "04", "03")]  # a planned meeting is 036
    assert found, code(nlp, text)
    assert found[0][3] == status


@pytest.mark.parametrize(
    "text, trigger, status",
    [
        # the status of a clause reaches its conjuncts only when they share its subject and auxiliary
        ("Russia denied attacking Ukraine and shelling Kharkiv.", "shelling", "denied"),
        ("Russia did not attack Ukraine or kill civilians.", "kill", "negated"),
        (
            "Iran denies any hostile intention and claims to be threatened by Israel.",
            "to be threatened",
            "occurred",
        ),
        # a refused or failed complement did not happen; an appealed-for one has not happened
        ("Russia refused to meet Ukraine.", "to meet", "negated"),
        (
            "The rebels refused to allow Red Cross planes to land and evacuate Iraqi civilians.",
            "evacuate",
            "negated",
        ),
        ("Iran refrained from attacking Israel.", "attacking", "negated"),
        ("The EU urged Russia to withdraw its troops.", "to withdraw", "hypothetical"),
    ],
)
def test_nlp_events_status_scope(nlp: Any, text: str, trigger: str, status: str) -> None:
    doc = nlp(text)
    found = [m.status for m in doc._.newsevents_events if m.trigger_text == trigger]
    assert found == [status] * len(found) and found, [
        (m.trigger_text, m.status) for m in doc._.newsevents_events
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # a verb read as a plural noun before its infinitive ("and claims to be ...") is repaired: the
        # passive infinitive's agent threatens the claimant, and the deny does not reach it
        (
            "Tehran denies any aggressive intention and claims to be threatened by Israel and the "
            "United States.",
            {("ISR", "IRN", "130", "occurred"), ("USA", "IRN", "130", "occurred")},
        ),
        ("Iran claims to be threatened by Israel.", {("ISR", "IRN", "130", "occurred")}),
        ("Russia denies the reports and plans to invade Ukraine.", {("RUS", "UKR", "192", "planned")}),
    ],
)
def test_nlp_events_passive_infinitive_under_a_claim(nlp: Any, text: str, expected: set) -> None:
    found = {e[:4] for e in code(nlp, text)}
    assert expected <= found, found


def test_nlp_events_a_claim_is_less_certain_than_a_report(nlp: Any) -> None:
    claimed = nlp("Iran claims to be threatened by Israel.")._.newsevents_events
    reported = nlp("Iran is threatened by Israel.")._.newsevents_events
    assert claimed and reported
    assert claimed[0].confidence < reported[0].confidence


@pytest.mark.parametrize(
    "text, source",
    [
        # object control only for verbs that pass the action on: "urged X to", "called on X to"
        ("The EU urged Russia to withdraw its troops.", "RUS"),
        ("France called on Iran to free the prisoners.", "IRN"),
        # otherwise the subject acts: the summoner complains, not the summoned
        (
            "Nigerian foreign minister Dubem Oniya summoned Niger's ambassador to demand action.",
            "NGAGOV",
        ),
    ],
)
def test_nlp_events_infinitive_controller(nlp: Any, text: str, source: str) -> None:
    doc = nlp(text)
    infinitives = [m for m in doc._.newsevents_events if m.trigger_text.startswith("to ")]
    assert infinitives and infinitives[0].source is not None
    assert infinitives[0].source.code == source


@pytest.mark.parametrize(
    "text, expected",
    [
        # "X said/reiterated that Y must Z", "issued a reminder to Y that it must Z": X demands of Y
        (
            "A senior British minister reiterated that Libya must hand over the suspects.",
            ("GBRGOV", "LBY", "100"),
        ),
        (
            "France issued a stern reminder to Iraq that it must cooperate with inspectors.",
            ("FRA", "IRQ", "100"),
        ),
        # a light verb takes its noun's event, the target from the noun's that-clause
        ("The ILO reiterated its demand that Israel ease restrictions.", ("ILO", "ISR", "100")),
        # "be opposed to" is stative: the subject opposes
        ("Israel is opposed to French mediation.", ("ISR", "FRA", "110")),
        # patterns from the CAMEO codebook's definitions
        ("Serbia lodged an official protest with Albania.", ("SRB", "ALB", "114")),
        ("Italy announced a suspension of air links with Serbia.", ("ITA", "SRB", "160")),
        ("Russia closed its southern borders with Iran.", ("RUS", "IRN", "191")),
        ("Serbia eased emergency measures in the province.", ("SRB", None, "0814")),
        # a court's injunction is an administrative restriction (light verb + event noun)
        ("India's Supreme Court issued an injunction against crop burning.", ("INDJUD", None, "172")),
    ],
)
def test_nlp_events_reported_demands_and_codebook_patterns(nlp: Any, text: str, expected: tuple) -> None:
    found = [e[:3] for e in code(nlp, text)]
    assert expected in found, found


def test_nlp_events_negated_is_never_occurred(nlp: Any) -> None:
    found = code(nlp, "Russia did not attack Ukraine and did not deploy troops.")
    assert found and all(e[3] != "occurred" for e in found)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Talks between the United States and Russia started on Monday.", ({"USA", "RUS"}, "046")),
        ("A meeting between Russia and the OSCE took place.", ({"RUS", "OSCE"}, "040")),
        # planned: CAMEO's "express intent to meet or negotiate"
        ("A meeting between Russia and the OSCE is planned.", ({"RUS", "OSCE"}, "036")),
        ("The US-Russia talks will take place in Geneva.", ({"USA", "RUS"}, "036")),
    ],
)
def test_nlp_events_nominal(nlp: Any, text: str, expected: tuple) -> None:
    pair, c = expected
    found = [e for e in code(nlp, text) if e[2] == c]
    assert found and {found[0][0], found[0][1]} == pair and found[0][4] is True


def test_nlp_events_unresolved_source_is_kept_for_the_row_builder(nlp: Any) -> None:
    found = code(nlp, "Talks will be held next week.")
    assert all(e[0] is None for e in found)


@pytest.mark.parametrize(
    "c, root, quad",
    [
        ("046", "04", 1),
        ("057", "05", 1),
        ("0874", "08", 2),
        ("112", "11", 3),
        ("154", "15", 4),
        ("190", "19", 4),
        ("202", "20", 4),
    ],
)
def test_nlp_events_cameo_tables(c: str, root: str, quad: int) -> None:
    info = cameo.info(c)
    assert info.root == root and info.quad_class == quad and info.goldstein is not None


def test_nlp_events_plover_mapping() -> None:
    assert cameo.info("046").plover_event == "CONSULT"
    assert cameo.info("154").plover_event == "MOBILIZE" and cameo.info("154").plover_mode == "troops"
    assert cameo.info("112").plover_event == "ACCUSE"
    assert cameo.info("010").plover_event is None  # PLOVER has no statements
