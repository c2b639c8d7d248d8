"""`newsevents eval`: gold-set loaders, PETRARCH dictionary conversion, scores vs the SVO baseline."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents import evaluate as ev

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"


def bench(*parts: str) -> Path:
    path = BENCH.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"reference data not available: {path}")
    return path


def test_evaluate_score_counts() -> None:
    items = [
        ev.GoldItem("a", "x", label="ACCUSE", triples=[("USA", "RUS", "ACCUSE")], sources=["USA"]),
        ev.GoldItem("b", "y", label="ASSAULT", triples=[("RUS", "UKR", "ASSAULT")], sources=["RUS"]),
    ]
    preds = [[ev.Prediction("USAGOV", "RUS", "112")], []]
    sc = ev.score(items, preds, "plover", "t").as_dict()
    assert sc["label_accuracy"] == 0.5
    assert sc["triple_precision"] == 1.0 and sc["triple_recall"] == 0.5
    assert sc["actor_precision"] == 1.0 and sc["actor_recall"] == 0.5
    assert sc["errors"] == {"no event coded": 1}


def test_evaluate_petrarch_actor_conversion(tmp_path: Path) -> None:
    src = tmp_path / "actors.txt"
    src.write_text(
        "GONDOR [GON]\n+MINAS_TIRITH\nGOLLUM\n+SMEAGOL\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n",
        encoding="utf-8",
    )
    recs = ev.convert_petrarch_actors(src)
    assert recs[0] == {"type": "actor", "code": "GON", "names": ["Gondor", "Minas Tirith"]}
    assert recs[1]["type"] == "person" and recs[1]["codes"][1] == {
        "code": "HOBGOV",
        "from": "1995-06-01",
        "to": "1999-08-15",
    }


def test_evaluate_loaders() -> None:
    plover = ev.load_plover(bench("plover", "PLOVER_GSR_CAMEO.txt"))
    assert len(plover) == 322 and all(it.label for it in plover)
    assert not any(it.label in ("DEMAND", "FIGHT", "DISAPPROVE") for it in plover)  # mapped to PLOVER 0.8
    cameo = ev.load_cameo_examples(bench("cameo", "icews-cameo-codes.csv"))
    assert len(cameo) > 250
    petr = ev.load_petrarch(bench("petrarch2", "PETR.UnitTest.records.xml"))
    assert len(petr) == 284 and sum(len(it.triples) for it in petr) > 300


@pytest.mark.model
def test_evaluate_plover_beats_baseline() -> None:
    result = ev.evaluate("plover", bench("plover", "PLOVER_GSR_CAMEO.txt"), limit=120)
    coder, base = result["coder"], result["baseline"]
    assert coder["label_accuracy"] > base["label_accuracy"]
    assert coder["triple_f1"] > base["triple_f1"]
    assert coder["actor_recall"] > base["actor_recall"]
    assert coder["actor_f1"] > base["actor_f1"]


@pytest.mark.model
def test_evaluate_cli_runs() -> None:
    from newsevents.cli import app

    path = bench("cameo", "icews-cameo-codes.csv")
    res = CliRunner().invoke(app, ["eval", "cameo-examples", str(path), "--limit", "40"])
    assert res.exit_code == 0, res.output
    assert "label_accuracy" in res.output and "svo baseline" in res.output
    res = CliRunner().invoke(app, ["eval", "--help"])
    assert res.exit_code == 0 and "petrarch" in res.output
