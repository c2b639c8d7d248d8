"""One settings object reaches every flow: a parameter left empty takes its setting (defaults →
newsevents.toml → NEWSEVENTS_*), loaded inside the flow, as a run started by `newsevents serve` or a
deployment is; a parameter given wins.

Real loopback HTTP server (tests/httpserver.py), real DuckDB; a blank spaCy model keeps the parse fast.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from httpserver import Reply, article_html

from flows.ingest import ingest
from tasks.settings import PIPELINE_FIELDS, FetchOverrides, PipelineOptions, Settings

TOML_AGENT = "toml-agent/1.0 (+mailto:settings-test@example.org)"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working folder whose newsevents.toml sets the database, the languages, the model and the user
    agent (and lets the fetcher reach 127.0.0.1), with no NEWSEVENTS_* variable in the way."""
    import spacy

    for var in [v for v in os.environ if v.startswith("NEWSEVENTS_")]:
        monkeypatch.delenv(var)
    model = tmp_path / "blank_en"
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.to_disk(model)
    (tmp_path / "newsevents.toml").write_text(
        f'db = "from-toml.duckdb"\nlanguages = ["fr"]\nmodel = "{model}"\n'
        f'[fetch]\nuser_agent = "{TOML_AGENT}"\nallow_private_hosts = true\nper_host_rate = 0\nretries = 0\n',
        encoding="utf-8",
    )
    monkeypatch.chdir(tmp_path)
    return tmp_path


def agents(server: Any) -> set[str]:
    return {r.headers.get("user-agent", "") for r in server.requests}


def test_flow_settings_newsevents_toml_reaches_ingest_without_parameters(
    project: Path, http_server: Any
) -> None:
    url = http_server.route("/story", Reply(body=article_html(1)))
    summary = ingest.fn(urls=[url])
    assert summary["db"] == "from-toml.duckdb" and (project / "from-toml.duckdb").is_file()
    assert agents(http_server) == {TOML_AGENT}  # robots.txt and the page
    # An English page, and the toml says French only: stored raw, then rejected by language.
    assert summary["reject_reasons"] == {"language/unsupported_language": 1}


def test_flow_settings_environment_beats_the_toml(
    project: Path, http_server: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSEVENTS_FETCH__USER_AGENT", "env-agent/1.0")
    monkeypatch.setenv("NEWSEVENTS_LANGUAGES", '["en"]')
    summary = ingest.fn(urls=[http_server.route("/story", Reply(body=article_html(2)))])
    assert agents(http_server) == {"env-agent/1.0"}
    assert (summary["loaded"], summary["rejected"]) == (1, 0)


def test_flow_settings_parameters_given_override_the_toml(project: Path, http_server: Any) -> None:
    url = http_server.route("/story", Reply(body=article_html(3)))
    summary = ingest.fn(
        urls=[url], db="param.duckdb", options={"languages": ["en"]}, fetch={"user_agent": "param-agent/2.0"}
    )
    assert summary["db"] == "param.duckdb" and (summary["loaded"], summary["rejected"]) == (1, 0)
    assert agents(http_server) == {"param-agent/2.0"}


@pytest.mark.integration
def test_flow_settings_reach_a_prefect_flow_run(
    prefect_harness: None, project: Path, http_server: Any
) -> None:
    """A real flow run given only its input, as a scheduled deployment starts one."""
    url = http_server.route("/story", Reply(body=article_html(4)))
    summary = ingest(urls=[url])
    assert summary["flow_run_id"]
    assert agents(http_server) == {TOML_AGENT}
    assert summary["reject_reasons"] == {"language/unsupported_language": 1}
    # The same page is a known reject now (same bytes, same extractor version): take another one.
    other = http_server.route("/other", Reply(body=article_html(5)))
    again = ingest(
        urls=[other], options=PipelineOptions(languages=["fr", "en"]), fetch=FetchOverrides(retries=1)
    )
    assert (again["loaded"], again["rejected"]) == (1, 0), again


def test_flow_settings_parameters_are_described_for_the_run_form() -> None:
    """The Prefect UI's Custom run form shows a description for every field of the parameter groups."""
    from prefect.utilities.callables import parameter_schema

    schema = parameter_schema(ingest.fn).model_dump()
    props, groups = schema["properties"], schema["definitions"]
    assert all(p.get("description") for p in props.values()), props
    assert set(groups["PipelineOptions"]["properties"]) == set(PIPELINE_FIELDS)
    for group in ("PipelineOptions", "FetchOverrides"):
        fields = groups[group]["properties"]
        assert all(f.get("description") and f["default"] is None for f in fields.values()), group
    assert set(PIPELINE_FIELDS) <= set(Settings.model_fields)
