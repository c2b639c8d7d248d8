"""tools/import_petrarch2.py: the TABARI/PETRARCH parsers on hand-written snippets, and the committed
conversion in tasks/data/imported/petrarch2 reproduced byte for byte from the shared source files."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from tool_loader import load_tool

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "tasks" / "data" / "imported" / "petrarch2"
SOURCE = Path(__file__).resolve().parents[2] / "shared" / "dictionaries" / "petrarch2"
OUTPUTS = (
    "persons.jsonl",
    "actors.jsonl",
    "countries.jsonl",
    "agents.jsonl",
    "discards.jsonl",
    "verbs.jsonl",
    "NOTICE.md",
)


imp = load_tool("import_petrarch2")


def lines(text: str) -> list[str]:
    return text.strip("\n").splitlines()


# ----------------------------------------------------------------------------------------------- actors


def test_dates_follow_petrarch() -> None:
    assert imp.parse_date("070120") == date(2007, 1, 20)
    assert imp.parse_date("300101") == date(2030, 1, 1)  # 00-30 → 20YY
    assert imp.parse_date("310101") == date(1931, 1, 1)
    assert imp.parse_date("19270101") == date(1927, 1, 1)
    assert imp.parse_date("090231") is None  # no 31 February
    assert imp.parse_date("") is None


def test_dated_person_line() -> None:
    snippet = """
HAMID_KARZAI_  # CountryInfo.txt
+KARZAI_
+PRESIDENT_KARZAI_
\t[AFGELI 750101-000101]
\t[AFGGOV >011222]
\t[AFGELI]
JOHN_WARBURTON_PAUL_  # CountryInfo.txt
\t[BHSELI 340101-660711]
\t[BLZGOV 660711-720101]
\t[BHSGOV 720514-730731]
\t[BHSGOV 740101-730101]
"""
    stats: Counter[str] = Counter()
    entries = imp.parse_actor_file(lines(snippet), stats)
    assert [e.phrases for e in entries] == [
        ["HAMID_KARZAI_", "KARZAI_", "PRESIDENT_KARZAI_"],
        ["JOHN_WARBURTON_PAUL_"],
    ]
    assert stats["date restrictions skipped: end before start"] == 1
    out = imp.convert_actor_entries([("Phoenix.Countries.actors.txt", entries)], {"AFG", "BHS", "BLZ"}, stats)
    karzai, paul = out.persons
    assert karzai == {
        "type": "person",
        "names": ["Hamid Karzai", "Karzai", "President Karzai"],
        "codes": [
            {"code": "AFGELI", "from": "1975-01-01", "to": "2000-01-01"},
            {"code": "AFGGOV", "from": "2001-12-22"},
            {"code": "AFGELI"},  # the default comes last: the first code valid on a date wins
        ],
        "country": "AFG",
        "case_sensitive": ["Karzai"],
    }
    assert paul["names"] == ["John Warburton Paul"]
    assert paul["country"] == "BHS"  # the most frequent country of its codes
    assert [c["code"] for c in paul["codes"]] == ["BHSELI", "BLZGOV", "BHSGOV"]


def test_actor_records_countries_and_inline_codes() -> None:
    snippet = """
AFGHANISTAN_  [AFG]
+AFGHAN_
+KABUL_

# National Institutions
AFGHAN_NATIONAL_SECURITY_FORCES
+ANSF
\t[AFGMIL]
UN_ [IGOUNO]
U.N._
UN_SECRETARY_GENERAL
\t[IGOUNO]
ADEN_ABYAN_ISLAMIC_ARMY_(AAIA)_ [YEMREB] #  kkl 21 Mar 13
JAVIER_DE_CUELLAR_\t[IGOUNO 820101-911231] [ELI]# IGOrulers.txt
"""
    stats: Counter[str] = Counter()
    entries = imp.parse_actor_file(lines(snippet), stats)
    # a primary phrase without a code joins the record that follows (PETRARCH): U.N. = UN Secretary General
    assert ["U.N._", "UN_SECRETARY_GENERAL"] in [e.phrases for e in entries]
    out = imp.convert_actor_entries([("Phoenix.Countries.actors.txt", entries)], {"AFG", "YEM"}, stats)
    assert out.countries == [
        {
            "type": "country",
            "code": "AFG",
            "names": ["Afghanistan", "Afghan", "Kabul"],
            "case_sensitive": ["Afghanistan", "Afghan", "Kabul"],
        }
    ]
    by_code = {(a["code"], a["names"][0]): a for a in out.actors}
    assert by_code["AFGMIL", "Afghan National Security Forces"]["names"][1] == "ANSF"
    assert by_code["AFGMIL", "Afghan National Security Forces"]["country"] == "AFG"
    assert by_code["IGOUNO", "U.N."]["names"] == ["U.N.", "UN Secretary General"]
    assert by_code["YEMREB", "Aden Abyan Islamic Army"]["names"] == ["Aden Abyan Islamic Army", "AAIA"]
    (cuellar,) = out.persons
    assert cuellar["names"] == ["Javier de Cuellar"]
    assert cuellar["codes"] == [{"code": "IGOUNO", "from": "1982-01-01", "to": "1991-12-31"}, {"code": "ELI"}]


@pytest.mark.parametrize(
    ("raw", "person", "place", "expected"),
    [
        ("JOHN_KERRY_", True, False, "John Kerry"),
        ("BASHAR_AL-ASSAD_", True, False, "Bashar al-Assad"),
        ("OSAMA_BIN_LADEN", True, False, "Osama bin Laden"),
        ("JOHN_MCCAIN", True, False, "John McCain"),
        ("CONAN_O'BRIEN", True, False, "Conan O'Brien"),
        ("KING_ABDULLAH_II", True, False, "King Abdullah II"),
        ("SECRETARY_OF_STATE_JOHN_KERRY", True, False, "Secretary of State John Kerry"),
        ("UN_SECRETARY_GENERAL", False, False, "UN Secretary General"),
        ("IAEA_", False, False, "IAEA"),
        ("ISLAMIC_ARMY_OF_ADEN", False, False, "Islamic Army of Aden"),
        ("IRAQ_", False, True, "Iraq"),
        ("USSR", False, True, "USSR"),
        ("UNITED_STATES_OF_AMERICA", False, True, "United States of America"),
    ],
)
def test_natural_case(raw: str, person: bool, place: bool, expected: str) -> None:
    assert imp.natural_case(raw, person, place) == expected


# ------------------------------------------------------------------------------------------------- verbs


VERB_SNIPPET = """
&CURRENCY
+DOLLAR
+EUROS
+SWISS_FRANC

---  GRANT   [070]  ---
GRANT
GIVE {GAVE GIVEN }  # jw  11/14/91
DONATE [---]
+HAND_OVER [0711]
- * &CURRENCY                                         [071]         # GIVE
- * (TO REFUGEES)                                     [0233]        # GRANT
- * OUT (FOR HELP)                                    [---]         # GIVE
- * {ARMS SHIPMENT}                                   [072]         # GIVE
- $ * (TO +)                                          [072]         # GIVE
- &MILITARY *                                         [154]         # GIVE
- * (TO)                                              [042:043]     # GIVE
- * &UNDEFINED                                        [072]         # GIVE
~ a (a b ATTACK) SAY = a b 015
"""


def test_synonym_set_expansion_and_verb_blocks() -> None:
    stats: Counter[str] = Counter()
    vd = imp.parse_verb_file(lines(VERB_SNIPPET), stats)
    assert vd.synsets["&CURRENCY"] == ["DOLLAR", "EUROS", "SWISS_FRANC"]
    (block,) = vd.blocks
    assert block.code == "070"
    assert block.verbs == [("grant", "070"), ("give", "070"), ("donate", None)]
    records = imp.convert_verbs(vd, {"070", "071", "0711", "072", "0233"}, stats)
    assert {"lemma": "give", "code": "071", "object": ["dollar", "euro"]} in records  # single-word members
    assert {"lemma": "donate", "code": "071", "object": ["dollar", "euro"]} in records  # the whole block
    assert {"lemma": "grant", "code": "070"} in records
    assert {"lemma": "hand", "code": "0711", "prt": ["over"]} in records
    assert not [r for r in records if r["lemma"] == "donate" and set(r) == {"lemma", "code"}]
    assert stats["verb file: transformation rules (~) skipped"] == 1


def test_verb_pattern_with_preposition_and_skips() -> None:
    stats: Counter[str] = Counter()
    vd = imp.parse_verb_file(lines(VERB_SNIPPET), stats)
    records = imp.convert_verbs(vd, {"070", "071", "0711", "072", "0233"}, stats)
    assert {"lemma": "grant", "code": "0233", "prep": ["to"], "pobj": ["refugee"]} in records
    # the null code is kept: as the most specific pattern it codes nothing
    assert {"lemma": "give", "code": None, "prt": ["out"], "prep": ["for"], "pobj": ["help"]} in records
    assert stats["patterns read"] == 8
    assert stats["patterns converted"] == 3
    assert stats["patterns skipped: multi-word noun phrase {...}"] == 1
    assert stats["patterns skipped: source/target/skip markers ($ + ^ %)"] == 1
    assert stats["patterns skipped: words before the verb (subject side)"] == 1
    assert stats["patterns skipped: paired code a:b (two events)"] == 1
    assert stats["patterns skipped: undefined synset"] == 1
    assert records == sorted(records, key=lambda r: (r["lemma"], json.dumps(r, ensure_ascii=False)))


def test_pattern_parser_forms() -> None:
    syn = {"&AID": ["AID", "HUMANITARIAN_AID", "ASSISTANCE"]}
    c = imp.parse_pattern("* (FOR &AID)", syn)
    assert (c.prep, c.pobj, c.object) == (("for",), ("aid", "assistance"), ())
    c = imp.parse_pattern("* OFF TALKS", syn)
    assert (c.prt, c.object) == (("off",), ("talk",))
    c = imp.parse_pattern("* (TO A VOTE)", syn)
    assert (c.prep, c.pobj) == (("to",), ("vote",))
    assert imp.parse_pattern("* (ON ALERT) (ALONG BORDER)", syn) == "several prepositional phrases or objects"
    assert imp.parse_pattern("* (ASIDE RIFT)", syn) == "parenthesised phrase without a preposition"


# ------------------------------------------------------------------------------------ agents and discards


def test_agent_lines() -> None:
    snippet = """
<!-- PETRARCH VALIDATION SUITE AGENTS DICTIONARY -->
!PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON
CONGRESS!PERSON! [~LEG]
THIEF {THIEVES} [~CRM]
POLICE {} [~COP]
A_CABINET_MEETING [~GOV]
FOREIGN_MINISTER [~GOVFRM] # jap 4/14/01
AMBASSADOR_TO {} [~GOV]
HUMAN_RIGHTS_BODY  [NGO~] # BNL 07 Dec 2001
"""
    stats: Counter[str] = Counter()
    records = imp.convert_agents(imp.parse_agent_file(lines(snippet), stats), stats)
    assert records == [
        {"type": "agent", "role": "COP", "words": ["police"]},
        {"type": "agent", "role": "CRM", "words": ["thief", "thieves"]},
        {"type": "agent", "role": "GOV", "words": ["cabinet meeting"]},
        {"type": "agent", "role": "GOVFRM", "words": ["foreign minister"]},
        {"type": "agent", "role": "LEG", "words": ["congressman", "congressperson", "congresswoman"]},
    ]
    assert stats["agent words skipped: phrase ends in a preposition (prefix match)"] == 1
    assert stats["agent lines skipped: prefix code (CODE~), unsupported"] == 1


def test_discard_lines() -> None:
    snippet = """
# Story-level discards are indicated with a '+'.
1914
### FULL STORY DISCARDS
+ANDRE AGASSI   # LRP 10 Mar 2004 ;LRP 10 MAR 2004
ACADEMY AWARD   # LRP 08 Mar 2004
GROUP A_
#PLANE CRASH   # SLS 03 Oct 2007
"""
    records = imp.parse_discard_file(lines(snippet), Counter())
    assert records == [
        {"phrase": "1914", "scope": "sentence"},
        {
            "phrase": "academy award",
            "scope": "sentence",
            "comment": "LRP 08 Mar 2004",
            "section": "FULL STORY DISCARDS",
        },
        {
            "phrase": "andre agassi",
            "scope": "story",
            "comment": "LRP 10 Mar 2004 ;LRP 10 MAR 2004",
            "section": "FULL STORY DISCARDS",
        },
        {"phrase": "group a", "scope": "sentence", "section": "FULL STORY DISCARDS"},
    ]


# ------------------------------------------------------------------------------------- source checksums


def _fake_source(tmp_path: Path, tamper: bool) -> Path:
    src = tmp_path / "src"
    src.mkdir(parents=True)
    sums = []
    for name in imp.INPUT_FILES:
        data = f"# {name}\n".encode()
        (src / name).write_bytes(data)
        digest = hashlib.sha256(data + (b"x" if tamper and name == imp.AGENT_FILE else b"")).hexdigest()
        sums.append(f"{digest}  {name}")
    (src / "SOURCE.txt").write_text("sha256:\n" + "\n".join(sums) + "\n", encoding="utf-8")
    return src


def test_checksums_verified(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = _fake_source(tmp_path / "a", tamper=False)
    assert set(imp.verify_sources(good)) == set(imp.INPUT_FILES)
    bad = _fake_source(tmp_path / "b", tamper=True)
    with pytest.raises(imp.ImportError_, match=r"Phoenix\.agents\.txt: sha256 .* does not match"):
        imp.verify_sources(bad)
    imp.verify_sources(bad, strict=False)  # warns only
    assert "does not match" in capsys.readouterr().err
    assert imp.main(["--source", str(bad), "--out", str(tmp_path / "out")]) == 2
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------------------- the committed conversion


def test_committed_files_load_in_newsevents() -> None:
    from tasks.nlp import actors, events

    d = actors.ActorDictionary()
    for name in ("countries.jsonl", "actors.jsonl", "persons.jsonl", "agents.jsonl"):
        actors.parse_entries(actors.read_jsonl(COMMITTED / name), d)
    assert len(d.entries) > 25_000
    vd = events.load_verbs((str(COMMITTED / "verbs.jsonl"),))  # codes are checked against CAMEO
    assert "negotiate" in vd.verbs


@pytest.mark.skipif(not SOURCE.is_dir(), reason=f"PETRARCH2 source files not found at {SOURCE}")
def test_reproduces_committed_files(tmp_path: Path) -> None:
    out = tmp_path / "petrarch2"
    counts = imp.run(SOURCE, out, imp.DEFAULT_CAMEO_CODES)
    for name in OUTPUTS:
        assert (out / name).read_bytes() == (COMMITTED / name).read_bytes(), f"{name} differs: regenerate"
    assert counts["persons.jsonl"] > 15_000
    assert counts["actors.jsonl"] > 5_000
    assert counts["countries.jsonl"] > 180
    assert counts["agents.jsonl"] > 20
    assert counts["discards.jsonl"] > 400
    assert counts["verbs.jsonl"] > 10_000
    # deterministic: a second run into another folder is byte-identical
    again = tmp_path / "again"
    imp.run(SOURCE, again, imp.DEFAULT_CAMEO_CODES)
    for name in OUTPUTS:
        assert (again / name).read_bytes() == (out / name).read_bytes()
    shutil.rmtree(again)
    persons = [json.loads(line) for line in (out / "persons.jsonl").read_text(encoding="utf-8").splitlines()]
    kerry = next(p for p in persons if p["names"][0] == "John Kerry")
    assert {"code": "USAGOV", "from": "2013-02-01"} in kerry["codes"]
    assert kerry["country"] == "USA"
