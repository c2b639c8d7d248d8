"""The CLI through Typer's runner: ingest summary, sql formats, clear one-line errors, help for every
command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsevents.cli import app
from tests.conftest import SEEDS

runner = CliRunner()


def _commands(typer_app: object, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    import typer.main

    group = typer.main.get_command(typer_app)  # type: ignore[arg-type]
    out: list[tuple[str, ...]] = []

    def walk(cmd: object, path: tuple[str, ...]) -> None:
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                walk(sub, (*path, name))
        else:
            out.append(path)

    walk(group, prefix)
    return out


def test_cli_every_command_has_help() -> None:
    commands = _commands(app)
    assert ("ingest",) in commands and ("sql",) in commands
    for cmd in commands:
        result = runner.invoke(app, [*cmd, "--help"])
        assert result.exit_code == 0, (cmd, result.output)
        assert "Usage" in result.output
        assert len(result.output.strip().splitlines()) > 3


def test_cli_every_command_is_documented() -> None:
    docs = (Path(__file__).resolve().parents[1] / "README.md").read_text() + "".join(
        p.read_text() for p in (Path(__file__).resolve().parents[1] / "docs").glob("*.md")
    )
    for cmd in _commands(app):
        assert f"newsevents {' '.join(cmd)}" in docs, f"`newsevents {' '.join(cmd)}` is not documented"


@pytest.mark.model
def test_cli_ingest_prints_summary_and_sql_reads_it(tmp_path: Path) -> None:
    db = tmp_path / "cli.duckdb"
    result = runner.invoke(
        app, ["ingest", str(SEEDS / "000_218c164c2f570b33.txt"), "--db", str(db), "--json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["loaded"] == 1 and summary["tables"]["articles"] == 1
    table = runner.invoke(app, ["ingest", str(SEEDS / "000_218c164c2f570b33.txt"), "--db", str(db), "-q"])
    assert table.exit_code == 0
    assert "unchanged" in table.stdout
    assert f"database: {db}" in table.stdout
    res = runner.invoke(
        app, ["sql", "SELECT count(*) AS n FROM articles", "--db", str(db), "--format", "json"]
    )
    assert res.exit_code == 0
    assert json.loads(res.stdout) == [{"n": 1}]
    csv = runner.invoke(app, ["sql", "SELECT title FROM articles", "--db", str(db), "--format", "csv"])
    assert csv.stdout.splitlines()[0] == "title"


def test_cli_sql_missing_database_is_one_line_error(tmp_path: Path) -> None:
    res = runner.invoke(app, ["sql", "SELECT 1", "--db", str(tmp_path / "nope.duckdb")])
    assert res.exit_code == 2
    assert "no database" in res.output and "Traceback" not in res.output


def test_cli_sql_is_read_only(migrated_db: object, db_path: Path) -> None:
    migrated_db.close()  # type: ignore[attr-defined]
    res = runner.invoke(app, ["sql", "DELETE FROM articles", "--db", str(db_path)])
    assert res.exit_code == 2
    assert "read-only" in res.output.lower() or "read only" in res.output.lower()


def test_cli_sql_bad_query_is_one_line_error(migrated_db: object, db_path: Path) -> None:
    migrated_db.close()  # type: ignore[attr-defined]
    res = runner.invoke(app, ["sql", "SELEC nonsense", "--db", str(db_path)])
    assert res.exit_code == 2 and "Traceback" not in res.output


def test_cli_sql_while_another_process_writes_gives_clear_message(tmp_path: Path) -> None:
    db = tmp_path / "locked.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); c.execute('create table t(x int)'); "
         "print('ready', flush=True); time.sleep(60)", str(db)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        res = runner.invoke(app, ["sql", "SELECT 1", "--db", str(db)])
        assert res.exit_code == 2
        assert "locked by another process" in res.output
        assert "Traceback" not in res.output
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


def test_cli_ingest_nothing_given_is_an_error() -> None:
    res = runner.invoke(app, ["ingest"])
    assert res.exit_code == 2 and "nothing to ingest" in res.output


def test_cli_schema_markdown_matches_docs() -> None:
    res = runner.invoke(app, ["schema", "--markdown"])
    assert res.exit_code == 0
    doc = Path(__file__).resolve().parents[1] / "docs" / "SCHEMA.md"
    assert doc.read_text(encoding="utf-8") == res.stdout, "docs/SCHEMA.md is stale: run `make schema-doc`"


def test_cli_help_is_fast() -> None:
    """--help must not import Prefect, spaCy or trafilatura (checked by module presence, not by timing)."""
    code = (
        "import sys; from typer.testing import CliRunner; from newsevents.cli import app; "
        "CliRunner().invoke(app, ['--help']); "
        "print(','.join(m for m in ('prefect','spacy','trafilatura') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert out == ""


def test_cli_sql_csv_lines_end_with_newline_only(migrated_db: object, db_path: Path) -> None:
    migrated_db.close()  # type: ignore[attr-defined]
    res = runner.invoke(app, ["sql", "SELECT 1 AS a, 'x,y' AS b", "--db", str(db_path), "--format", "csv"])
    assert res.exit_code == 0
    assert res.stdout == 'a,b\n1,"x,y"\n'


@pytest.mark.parametrize("model", [None, "/no/such/model"])
def test_cli_version_names_the_model(model: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """`newsevents version` prints newsevents, extractor and model versions, without loading the model."""
    from tasks.nlp.model import model_identity
    from tasks.version import extractor_version, package_version

    monkeypatch.delenv("NEWSEVENTS_MODEL", raising=False)
    if model:
        monkeypatch.setenv("NEWSEVENTS_MODEL", model)
    res = runner.invoke(app, ["version"])
    assert res.exit_code == 0, res.output
    name, version = model_identity(model)
    assert res.stdout.strip() == (
        f"newsevents {package_version()} · extractor {extractor_version()} · "
        f"model {name} {version or '(version unknown)'}"
    )
