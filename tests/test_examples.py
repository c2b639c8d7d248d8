"""sql/examples: every query runs, answers its question on a known database, and `newsevents sql` runs it
with -f, bound --param values and an interactive shell."""

from __future__ import annotations

import io
import json
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from newsevents import sqlshell
from newsevents.cli import app
from tests.analyst_db import build_analyst_db

REPO = Path(__file__).resolve().parents[1]
EXAMPLES = sorted((REPO / "sql" / "examples").glob("*.sql"))
runner = CliRunner()

# Example → (column, value that must appear in it) on the analyst database.
EXPECTED = {
    "escalation_this_month": ("actor1_code", "GEOCVL"),
    "what_did_x_say_about_y": ("what", "The United States is eager to engage in dialogue with Russia,"),
    "protests_where": ("place", "Tbilisi"),
    "top_dyads": ("tone", "mostly cooperative"),
    "dyad_weekly_trend": ("iso_week", "2022-W02"),
    "evidence_for_actor": ("sentence_text", "Moscow denied any plan to attack Ukraine."),
    "upcoming_events": ("location_name", "Geneva"),
    "most_quoted": ("speaker_actor_code", "GEOOPP"),
    "event_types": ("root_name", "Protest"),
    "multi_source_events": ("num_sources", 3),
    "material_conflict_places": ("event_root_code", "17"),
    "denied_claims": ("status", "denied"),
    "headline_events": ("title", "Thousands rallied in Tbilisi against foreign agents bill"),
    "latest_runs": ("accounting_ok", True),
    "reject_reasons": ("reason", "no_article_text"),
}


@pytest.fixture(scope="module")
def analyst_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_analyst_db(tmp_path_factory.mktemp("examples") / "analyst.duckdb")


@pytest.fixture
def ro(analyst_db: Path) -> duckdb.DuckDBPyConnection:
    conn = duckdb.connect(str(analyst_db), read_only=True)
    yield conn
    conn.close()


def test_examples_at_least_a_dozen_and_all_expected() -> None:
    assert len(EXAMPLES) >= 12
    assert {p.stem for p in EXAMPLES} == set(EXPECTED)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_start_with_a_one_line_question(path: Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("-- ") and len(first) > 20
    assert "?" in first


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_run_and_answer_on_the_fixture(path: Path, ro: duckdb.DuckDBPyConnection) -> None:
    results = sqlshell.run_file(ro, path)
    assert results, "the query returned no result set"
    result = results[-1]
    column, value = EXPECTED[path.stem]
    assert column in result.columns
    values = [row[result.columns.index(column)] for row in result.rows]
    assert value in values, (column, values)


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from tasks.db import migrate

    db = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    conn = duckdb.connect(str(db))
    migrate(conn)
    conn.close()
    return db


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_run_on_an_empty_database(path: Path, empty_db: Path) -> None:
    conn = duckdb.connect(str(empty_db), read_only=True)
    try:
        results = sqlshell.run_file(conn, path)
    finally:
        conn.close()
    assert results and results[-1].columns


def test_examples_readme_links_every_example() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "## Example queries" in readme
    for path in EXAMPLES:
        assert f"](sql/examples/{path.name})" in readme, path.name


def test_examples_params_override_defaults(ro: duckdb.DuckDBPyConnection) -> None:
    path = REPO / "sql" / "examples" / "evidence_for_actor.sql"
    default = sqlshell.run_file(ro, path)[-1]
    georgian = sqlshell.run_file(ro, path, {"actor": "GEO"})[-1]
    assert {r[default.columns.index("dyad")] for r in default.rows} >= {"RUS → UKR"}
    assert {r[georgian.columns.index("dyad")] for r in georgian.rows} == {
        "GEOCVL → GEOLEG",
        "GEOCOP → GEOCVL",
    }


def test_examples_params_are_bound_not_spliced(ro: duckdb.DuckDBPyConnection) -> None:
    path = REPO / "sql" / "examples" / "evidence_for_actor.sql"
    hostile = sqlshell.run_file(ro, path, {"actor": "X' OR 1=1 OR actor1_code LIKE '"})[-1]
    assert hostile.rows == []


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (["a=1"], {"a": "1"}),
        (["name=two words", "x="], {"name": "two words", "x": ""}),
        (["$since=2024-01-01"], {"since": "2024-01-01"}),
        (["eq=a=b"], {"eq": "a=b"}),
    ],
)
def test_sqlshell_parse_params(pairs: list[str], expected: dict[str, str]) -> None:
    assert sqlshell.parse_params(pairs) == expected


@pytest.mark.parametrize("bad", ["novalue", "=x", "1a=2", "a b=3"])
def test_sqlshell_parse_params_rejects_malformed(bad: str) -> None:
    with pytest.raises(sqlshell.ParamError):
        sqlshell.parse_params([bad])


def test_sqlshell_declared_params_and_title() -> None:
    sql = (REPO / "sql" / "examples" / "escalation_this_month.sql").read_text(encoding="utf-8")
    decls = sqlshell.declared_params(sql)
    assert [(d.name, d.default) for d in decls] == [("as_of", "latest"), ("days", "30")]
    assert decls[1].description == "Window length in days"
    assert sqlshell.title(sql).startswith("Who is escalating against whom this month?")


def test_sqlshell_missing_parameter_is_named(ro: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(sqlshell.ParamError, match=r"\$who"):
        sqlshell.run_script(ro, "SELECT $who AS w")


def test_sqlshell_runs_every_statement_and_binds_only_what_each_uses(ro: duckdb.DuckDBPyConnection) -> None:
    results = sqlshell.run_script(ro, "SELECT $a AS a; SELECT 2 AS b; SELECT $b AS b", {"a": "x", "b": "y"})
    assert [(r.columns, r.rows) for r in results] == [(["a"], [("x",)]), (["b"], [(2,)]), (["b"], [("y",)])]


def test_sqlshell_repl_reads_statements_until_quit(ro: duckdb.DuckDBPyConnection) -> None:
    script = io.StringIO(
        "select 1 as x;\n"
        "select $who as who,\n   2 as two;\n"
        ".tables\n"
        "select nonsense from nowhere;\n"
        "insert into runs (run_id) values ('x');\n"
        "select 3 as after_errors;\n"
        ".quit\n"
        "select 4 as never;\n"
    )
    results: list[sqlshell.Result] = []
    messages: list[str] = []
    ran = sqlshell.repl(ro, {"who": "me"}, results.append, messages.append, stdin=script)
    assert ran == 5
    assert [r.rows for r in results if r.sql != ".tables"] == [[(1,)], [("me", 2)], [(3,)]]
    tables = next(r for r in results if r.sql == ".tables")
    assert ("events_enriched", "view") in tables.rows and ("events", "table") in tables.rows
    assert len(messages) == 2 and "read-only" in messages[1]


def test_sqlshell_repl_stops_at_eof_and_reports_unterminated(ro: duckdb.DuckDBPyConnection) -> None:
    results: list[sqlshell.Result] = []
    messages: list[str] = []
    sqlshell.repl(ro, {}, results.append, messages.append, stdin=io.StringIO("select 1;\nselect 2"))
    assert [r.rows for r in results] == [[(1,)]]
    assert messages == ["unterminated statement ignored (end statements with ';')"]


def test_cli_sql_file_with_param(analyst_db: Path) -> None:
    path = REPO / "sql" / "examples" / "protests_where.sql"
    res = runner.invoke(
        app,
        ["sql", "-f", str(path), "--db", str(analyst_db), "--param", "since=2024-05-01", "--format", "json"],
    )
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == []
    res = runner.invoke(app, ["sql", "--file", str(path), "--db", str(analyst_db), "--format", "json"])
    assert [r["place"] for r in json.loads(res.stdout)] == ["Tbilisi"]


def test_cli_sql_query_with_param(analyst_db: Path) -> None:
    res = runner.invoke(
        app,
        ["sql", "SELECT count(*) AS n FROM events WHERE actor1_code = $a", "--param", "a=RUS",
         "--db", str(analyst_db), "--format", "json"],
    )  # fmt: skip
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout) == [{"n": 5}]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["SELECT $x AS x"], "missing parameter $x"),
        (["SELECT 1", "--param", "oops"], "bad --param"),
        (["SELECT 1", "-f", "sql/examples/top_dyads.sql"], "not both"),
    ],
)
def test_cli_sql_parameter_errors_are_one_line(analyst_db: Path, args: list[str], message: str) -> None:
    res = runner.invoke(app, ["sql", *args, "--db", str(analyst_db)])
    assert res.exit_code == 2
    assert message in res.output and "Traceback" not in res.output


def test_cli_sql_interactive_shell(analyst_db: Path) -> None:
    res = runner.invoke(
        app,
        ["sql", "--db", str(analyst_db), "--format", "csv", "--param", "code=14"],
        input="select count(*) as protests\n from events where event_root_code = $code;\n"
        "delete from events;\nselect count(*) as still from events;\n",
    )
    assert res.exit_code == 0, res.output
    lines = res.stdout.splitlines()
    assert lines[:2] == ["protests", "1"] and lines[2:4] == ["still", "9"]
    assert "read-only" in res.output


@pytest.mark.integration
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_run_on_the_ingested_seeds(path: Path, seed_db: Path) -> None:
    from tasks.db import open_readonly

    conn = open_readonly(seed_db)
    try:
        results = sqlshell.run_file(conn, path)
    finally:
        conn.close()
    assert results and results[-1].columns
