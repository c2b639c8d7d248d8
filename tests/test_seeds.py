"""Golden files: every seed has an expected-output sidecar (seeds/*.expected.json); one case per seed."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from tests.conftest import SEEDS

SIDECARS = sorted(SEEDS.glob("*.expected.json"))


def _norm(entity: str) -> str:
    text = " ".join(entity.split()).casefold()
    return text[4:] if text.startswith("the ") else text


def test_seeds_every_input_has_a_sidecar() -> None:
    inputs = [p for p in SEEDS.iterdir() if p.suffix in {".txt", ".html", ".htm", ".jsonl"}]
    assert inputs, "seeds/ has no inputs"
    for path in inputs:
        assert (SEEDS / f"{path.stem}.expected.json").exists(), f"{path.name} has no expected-output sidecar"


@pytest.mark.model
@pytest.mark.parametrize("sidecar", SIDECARS, ids=lambda p: p.name.removesuffix(".expected.json"))
def test_seeds_match_expected_output(seed_db: Path, sidecar: Path) -> None:
    spec = json.loads(sidecar.read_text(encoding="utf-8"))
    conn = duckdb.connect(str(seed_db), read_only=True)
    try:
        for exp in spec["articles"]:
            rows = conn.execute(
                "SELECT article_id, title, CAST(published_at AS DATE), published_at_origin, language, "
                "source, "
                "author, url, text FROM articles WHERE input_ref LIKE ?",
                ["%" + exp["input"]],
            ).fetchall()
            assert len(rows) == 1, f"{exp['input']}: expected one article, got {len(rows)}"
            aid, title, published, origin, language, source, author, url, text = rows[0]
            assert title == exp["title"]
            assert (str(published) if published else None) == exp["published_at"]
            assert origin == exp["published_at_origin"]
            assert language == exp.get("language", "en")
            for key, value in (("source", source), ("author", author), ("url", url)):
                if key in exp:
                    assert value == exp[key], key
            assert text.startswith(title + "\n\n"), "the title is the first paragraph of text"
            for needle in exp["text_contains"]:
                assert needle in text, f"missing from text: {needle!r}"
            for needle in exp["text_not_contains"]:
                assert needle not in text, f"boilerplate left in text: {needle!r}"
            found = {
                _norm(r[0])
                for r in conn.execute("SELECT text FROM entities WHERE article_id = ?", [aid]).fetchall()
            }
            for ent in exp["entities"]:
                assert _norm(ent) in found, f"entity not found: {ent!r}"
            n_sent = conn.execute("SELECT count(*) FROM sentences WHERE article_id = ?", [aid]).fetchone()[0]
            assert n_sent >= exp["min_sentences"]
            for ev in exp.get("events", []):
                clauses = " AND ".join(f"{k} IS NOT DISTINCT FROM ?" for k in ev)
                n = conn.execute(
                    f"SELECT count(*) FROM events WHERE article_id = ? AND {clauses}",
                    [aid, *ev.values()],
                ).fetchone()[0]
                assert n >= 1, f"expected event not found: {ev}"
        refs = [r[0] for r in conn.execute("SELECT input_ref FROM rejects").fetchall()]
        for rej in spec["rejects"]:
            assert any(ref.endswith(rej) for ref in refs)
    finally:
        conn.close()
