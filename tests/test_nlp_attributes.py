"""``newsevents_attributes`` writes exactly what the model's ``attribute_ruler`` writes, token by token."""

from __future__ import annotations

import json
from typing import Any

import pytest
from conftest import bench_path

from tasks.nlp.attributes import AttributeTable, Unsupported, compile_rules

FIELDS = ("pos_", "morph", "lemma_", "tag_", "dep_")


def token_fields(doc: Any) -> list[tuple[str, ...]]:
    return [(t.text, *(str(getattr(t, f)) for f in FIELDS)) for t in doc]


def both(ruler: Any, docs: list[Any]) -> tuple[int, list[tuple[Any, Any]]]:
    """Run the ruler and the table on copies of each doc; (tokens compared, differing tokens)."""
    table = AttributeTable(compile_rules(ruler), ruler.vocab.strings)
    tokens, differing = 0, []
    for doc in docs:
        a, b = ruler(doc.copy()), table(doc.copy())
        tokens += len(doc)
        differing += [(x, y) for x, y in zip(token_fields(a), token_fields(b), strict=True) if x != y]
    return tokens, differing


def hand_ruler() -> Any:
    """A blank pipeline's ruler with every kind of pattern the model's ruler has (and a negative index)."""
    import spacy

    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(
        [
            {"patterns": [[{"TAG": "NN"}]], "attrs": {"POS": "NOUN", "MORPH": "Number=Sing"}},
            {"patterns": [[{"TAG": "VBZ"}]], "attrs": {"POS": "VERB", "MORPH": "Tense=Pres"}},
            {"patterns": [[{"TAG": "DT"}]], "attrs": {"POS": "DET", "MORPH": "_"}},
            {"patterns": [[{"TAG": "_SP"}]], "attrs": {"POS": "SPACE", "MORPH": "_"}},
            {
                "patterns": [[{"TAG": "VBZ", "LOWER": {"IN": ["is", "'s"]}}]],
                "attrs": {"LEMMA": "be", "POS": "AUX"},
            },
            {"patterns": [[{"TAG": "DT", "LOWER": "the"}]], "attrs": {"MORPH": "Definite=Def|PronType=Art"}},
            {"patterns": [[{"LOWER": {"REGEX": "^n[ou]thin'$"}}]], "attrs": {"LEMMA": "nothing"}},
            {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "to"}, "index": 1},
            {"patterns": [[{"LOWER": "gon"}, {"LOWER": "na"}]], "attrs": {"LEMMA": "go"}, "index": -2},
            {
                "patterns": [[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "was"]}}]],
                "attrs": {"POS": "VERB"},
                "index": 1,
            },
            {
                "patterns": [[{"TAG": {"NOT_IN": ["TO", ""]}, "DEP": {"IN": ["aux"]}}]],
                "attrs": {"POS": "AUX"},
            },
            {
                "patterns": [[{"DEP": {"NOT_IN": ["det", ""]}, "TAG": {"IN": ["DT"]}}]],
                "attrs": {"POS": "PRON"},
            },
            {
                "patterns": [[{"TAG": "VBZ", "LOWER": "gets"}], [{"TAG": "NN", "LOWER": "got"}]],
                "attrs": {"LEMMA": "get"},
            },
            {"patterns": [[{"TAG": "_SP", "IS_SPACE": False}]], "attrs": {"POS": "X"}},
            {"patterns": [[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], "attrs": {"DEP": "dep"}},
            {"patterns": [[{"IS_SPACE": True}]], "attrs": {"TAG": "_SP", "POS": "SPACE", "MORPH": "_"}},
        ]
    )
    return nlp, ruler


def test_nlp_attributes_match_the_ruler_on_hand_built_docs() -> None:
    from spacy.tokens import Doc

    nlp, ruler = hand_ruler()
    sentences = [
        # words, tags, deps, heads (absolute)
        (["There", "is", "the", "gon", "na", "nothin'"], ["EX", "VBZ", "DT", "NN", "NN", "NN"],
         ["expl", "ROOT", "det", "nsubj", "dep", "dobj"], [1, 1, 3, 1, 3, 1]),
        (["That", "gets", "\n\n", "it", "'s", "got"], ["DT", "VBZ", "_SP", "NN", "VBZ", "NN"],
         ["nsubj", "ROOT", "dep", "nsubj", "aux", "dobj"], [1, 1, 1, 4, 1, 1]),
        (["gon", "na", "Nuthin'", "was", "the", "odd"], ["NN", "TO", "NN", "VBZ", "DT", "_SP"],
         ["ROOT", "aux", "expl", "conj", "det", "punct"], [0, 0, 0, 0, 5, 0]),
    ]  # fmt: skip
    docs = [
        Doc(nlp.vocab, words=w, tags=t, deps=d, heads=h, spaces=[True] * len(w)) for w, t, d, h in sentences
    ]
    tokens, differing = both(ruler, docs)
    assert tokens == 18 and differing == []
    # and the tables do apply the word-specific and multi-token rules (not a no-op agreeing with a no-op)
    table = AttributeTable(compile_rules(ruler), nlp.vocab.strings)
    first = table(docs[0].copy())
    assert [t.lemma_ for t in first] == ["", "be", "", "go", "to", "nothing"]
    assert [t.pos_ for t in first][:3] == ["", "VERB", "DET"]
    assert str(first[2].morph) == "Definite=Def|PronType=Art"
    second = table(docs[1].copy())
    assert (second[0].pos_, second[2].dep_, second[2].pos_) == ("PRON", "dep", "SPACE")
    assert second[5].lemma_ == "get"


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "not", "OP": "?"}],
        [{"ORTH": "Not"}],
        [{"LOWER": {"FUZZY": "not"}}],
        [{"_": {"x": 1}}],
    ],
)
def test_nlp_attributes_refuse_patterns_they_cannot_reproduce(pattern: list[dict[str, Any]]) -> None:
    import spacy

    ruler = spacy.blank("en").add_pipe("attribute_ruler", config={"validate": False})
    ruler.add_patterns([{"patterns": [pattern], "attrs": {"POS": "PART"}}])
    with pytest.raises(Unsupported):
        compile_rules(ruler)


def test_nlp_attributes_refuse_rules_setting_other_attributes() -> None:
    import spacy

    ruler = spacy.blank("en").add_pipe("attribute_ruler")
    ruler.add_patterns([{"patterns": [[{"LOWER": "u"}]], "attrs": {"NORM": "you"}}])
    with pytest.raises(Unsupported):
        compile_rules(ruler)


@pytest.fixture(scope="module")
def model() -> Any:
    """The trained model as spaCy loads it, with the lemmatizer excluded as the flow does."""
    import spacy

    from tasks.nlp.model import UNUSED_COMPONENTS, resolve_model_name

    return spacy.load(resolve_model_name(None), exclude=list(UNUSED_COMPONENTS))


def parse_without_ruler(nlp: Any, texts: list[str]) -> list[Any]:
    before = nlp.pipe_names[: nlp.pipe_names.index("attribute_ruler")]
    with nlp.select_pipes(enable=before):
        return list(nlp.pipe(texts, batch_size=8))


@pytest.mark.model
def test_nlp_attributes_match_the_model_ruler_on_tricky_sentences(model: Any) -> None:
    texts = [
        "I told him that he hasn't been there, and he doesn't know that ain't gonna work.",
        "There is a plan that Russia gets, and there were talks they'd had since 2019.",
        "Let's go! Y'all c'mon, gotta see 'em. Nothin' doin', said the ol' man.",
        "She said: \"It's what I'd do if I could.\"  Then  \n\n it was over; they themselves did it.",
        "Who's whose? Those that remain will, and those who can't won't. Something, anyone, nobody.",
    ]
    tokens, differing = both(model.get_pipe("attribute_ruler"), parse_without_ruler(model, texts))
    assert tokens > 100 and differing == []


@pytest.mark.model
def test_nlp_attributes_match_the_model_ruler_on_the_benchmark_pages(model: Any) -> None:
    """Every token of the 181 benchmark pages' article bodies (about 130,000 tokens)."""
    truth = json.loads(bench_path("articles", "ground-truth.json").read_text(encoding="utf-8"))
    texts = [v["articleBody"] for _, v in sorted(truth.items()) if v["articleBody"].strip()]
    tokens, differing = both(model.get_pipe("attribute_ruler"), parse_without_ruler(model, texts))
    print(f"{len(texts)} texts, {tokens} tokens compared, {len(differing)} differ")
    assert tokens > 100_000 and differing == []


@pytest.mark.model
def test_nlp_attributes_replace_the_ruler_in_the_flow_model() -> None:
    from tasks.nlp.model import load_model

    nlp = load_model()
    assert "attribute_ruler" not in nlp.pipe_names
    assert nlp.pipe_names.index("newsevents_attributes") == nlp.pipe_names.index("parser") + 1
    doc = nlp("The talks were not held, and Moscow has been told so.")
    assert [t.pos_ for t in doc][:5] == ["DET", "NOUN", "AUX", "PART", "VERB"]
    assert [t.lemma_ for t in doc if t.lemma_] == ["be", "not", "have", "be"]


@pytest.mark.model
def test_nlp_attributes_survive_saving_the_pipeline(tmp_path: Any) -> None:
    import spacy

    from tasks.nlp.model import load_model

    nlp = load_model()
    keep = [n for n in nlp.pipe_names if n not in ("newsevents_actors", "newsevents_events")]
    with nlp.select_pipes(enable=keep):
        nlp.to_disk(tmp_path / "m")
        expected = token_fields(nlp("There's nothing they'd have done."))
    loaded = spacy.load(tmp_path / "m", exclude=["newsevents_actors", "newsevents_events"])
    assert "newsevents_attributes" in loaded.pipe_names
    assert token_fields(loaded("There's nothing they'd have done.")) == expected
