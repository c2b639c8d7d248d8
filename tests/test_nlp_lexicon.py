"""The word lists of ``tasks/data/verbs/word_lists.json`` and the modules that read them."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tasks.nlp.lexicon import WORD_LISTS, word_list


def test_word_list_loads_every_list() -> None:
    raw = json.loads(WORD_LISTS.read_text(encoding="utf-8"))
    names = [n for n in raw if not n.startswith("_")]
    assert "plan_heads" in names and "speech_verbs" in names and "report_verbs_dates" in names
    for name in names:
        assert raw[name]["doc"].strip(), name
        words = word_list(name)
        assert isinstance(words, frozenset) and words, name
        assert words == frozenset(raw[name]["words"]), name
        assert all(w == w.strip() and w == w.lower() for w in words), name
    assert word_list("plan_heads") is word_list("plan_heads")  # loaded once


def test_word_list_unknown_name_is_a_clear_error() -> None:
    with pytest.raises(KeyError, match=r"unknown word list 'no_such_list'.*known: .*plan_heads"):
        word_list("no_such_list")


def test_module_constants_come_from_the_word_lists() -> None:
    from tasks.nlp import coder, dates, events, quotes, status

    assert status.PLAN_HEADS is word_list("plan_heads") and events.PLAN_HEADS is status.PLAN_HEADS
    assert coder.REPORT_VERBS is word_list("report_verbs") and events.REPORT_VERBS is coder.REPORT_VERBS
    assert dates.REPORT_VERBS is word_list("report_verbs_dates")
    assert quotes.SPEECH_VERBS is word_list("speech_verbs")


def test_word_lists_change_the_extractor_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tasks import version

    data = tmp_path / "data"
    shutil.copytree(version.DATA_DIR, data)
    monkeypatch.setattr(version, "DATA_DIR", data)
    version.data_fingerprint.cache_clear()
    try:
        before = version.extractor_version()
        lists = data / "verbs" / WORD_LISTS.name
        raw = json.loads(lists.read_text(encoding="utf-8"))
        raw["plan_heads"]["words"].append("mull")
        lists.write_text(json.dumps(raw), encoding="utf-8")
        version.data_fingerprint.cache_clear()
        assert version.extractor_version() != before
    finally:
        version.data_fingerprint.cache_clear()


def test_verb_pattern_complement_and_private_source_are_read_and_count() -> None:
    """verbs.jsonl's ``complement`` (an adjective complement, negation kept) is one constraint of a
    pattern's specificity; ``private_source`` is read as a flag."""
    from tasks.nlp.lexicon import VerbDictionary, parse_patterns

    vd = VerbDictionary()
    records = [
        {"lemma": "plead", "code": None},
        {"lemma": "plead", "code": "016", "complement": ["Not Guilty"], "private_source": True},
    ]
    parse_patterns(records, vd, {})
    plain, plea = vd.verbs["plead"]
    assert plea.complement == ("not guilty",) and plea.private_source and not plain.private_source
    assert (plain.specificity, plea.specificity) == (0, 1)
    assert "pleaded" in vd.verb_forms


def test_verb_pattern_negated_code_is_read_and_checked() -> None:
    """verbs.jsonl's ``negated`` is the code of the pattern's negated clause; like ``code`` it must be a
    CAMEO code, and an unknown one is an error naming the record."""
    from tasks.nlp.lexicon import VerbDictionary, parse_patterns

    vd = VerbDictionary()
    parse_patterns([{"lemma": "accept", "code": "030", "object": ["plan"], "negated": "127"}], vd, {})
    assert vd.verbs["accept"][0].negated == "127"
    assert vd.verbs["accept"][0].specificity == 1  # not a constraint
    with pytest.raises(ValueError, match="'999' is not a CAMEO code"):
        parse_patterns([{"lemma": "accept", "code": "030", "negated": "999"}], VerbDictionary(), {})


def test_verb_pattern_addressee_is_read() -> None:
    """verbs.jsonl's ``addressee`` (the role an act is addressed to when no target is named) is a field, not
    a constraint."""
    from tasks.nlp.lexicon import VerbDictionary, parse_patterns

    vd = VerbDictionary()
    parse_patterns([{"lemma": "plead", "code": "080", "complement": ["guilty"], "addressee": "JUD"}], vd, {})
    (plea,) = vd.verbs["plead"]
    assert plea.addressee == "JUD" and plea.specificity == 1
