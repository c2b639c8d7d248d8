"""What ``newsevents sql`` runs: scripts with named parameters, and a small interactive shell.

Parameters are always bound (DuckDB ``$name`` placeholders), never spliced into SQL text. A SQL file can
declare defaults for them with ``-- @param name=value  description`` lines; ``--param name=value`` on the
command line overrides a default. Each statement receives only the parameters it refers to.
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import duckdb

_PARAM_DECL = re.compile(r"^\s*--\s*@param\s+([A-Za-z_]\w*)\s*=\s*(\S*)\s*(.*)$")
_NAME = re.compile(r"^[A-Za-z_]\w*$")

QUIT_COMMANDS = (".quit", ".exit", r"\q")
SHELL_HELP = """Statements end with ';' and may span lines. The connection is read-only.
  .tables   list tables and views       .params   show bound parameters
  .help     this help                   .quit     leave (or Ctrl-D)
Parameters given with --param are available as $name."""


class ParamError(ValueError):
    """A parameter is malformed or missing."""


@dataclass(slots=True)
class Result:
    """The rows of one statement."""

    sql: str
    columns: list[str] = field(default_factory=list)
    rows: list[tuple[Any, ...]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ParamDecl:
    """A ``-- @param`` declaration in a SQL file."""

    name: str
    default: str
    description: str


def parse_params(pairs: list[str] | None) -> dict[str, str]:
    """``["name=value", ...]`` → ``{name: value}``. Values are strings; cast in SQL (``$n::INTEGER``)."""
    params: dict[str, str] = {}
    for pair in pairs or []:
        name, sep, value = pair.partition("=")
        name = name.strip().lstrip("$")
        if not sep or not _NAME.match(name):
            raise ParamError(f"bad --param {pair!r}: expected name=value (name: letters, digits, _)")
        params[name] = value
    return params


def declared_params(sql: str) -> list[ParamDecl]:
    """The ``-- @param name=default  description`` lines of a SQL file, in order."""
    out: list[ParamDecl] = []
    for line in sql.splitlines():
        m = _PARAM_DECL.match(line)
        if m:
            out.append(ParamDecl(m.group(1), m.group(2), m.group(3).strip()))
    return out


def title(sql: str) -> str:
    """The first ``-- `` comment line of a SQL file: the question it answers."""
    for line in sql.splitlines():
        stripped = line.strip()
        if stripped.startswith("--") and not _PARAM_DECL.match(stripped):
            return stripped.lstrip("-").strip()
    return ""


def run_script(
    conn: duckdb.DuckDBPyConnection, sql: str, params: dict[str, str] | None = None
) -> list[Result]:
    """Run every statement of ``sql`` in order; return the results of those that return rows.

    Raises :class:`ParamError` when a statement refers to a parameter with no value.
    """
    params = params or {}
    results: list[Result] = []
    for statement in conn.extract_statements(sql):
        wanted = set(statement.named_parameters)
        missing = sorted(wanted - params.keys())
        if missing:
            names = ", ".join(f"${m}" for m in missing)
            raise ParamError(f"missing parameter {names}: give --param {missing[0]}=VALUE")
        bound = {k: params[k] for k in wanted}
        cur = conn.execute(statement, bound) if bound else conn.execute(statement)
        if cur.description:
            results.append(Result(statement.query.strip(), [d[0] for d in cur.description], cur.fetchall()))
        else:
            cur.fetchall()
    return results


def run_file(
    conn: duckdb.DuckDBPyConnection, path: str | Path, params: dict[str, str] | None = None
) -> list[Result]:
    """Run a SQL file with its declared parameter defaults, overridden by ``params``."""
    sql = Path(path).read_text(encoding="utf-8")
    merged = {d.name: d.default for d in declared_params(sql)}
    merged.update(params or {})
    return run_script(conn, sql, merged)


def _list_relations(conn: duckdb.DuckDBPyConnection) -> Result:
    cur = conn.execute(
        "SELECT table_name AS name, 'table' AS kind FROM duckdb_tables() WHERE schema_name = 'main'"
        " UNION ALL SELECT view_name, 'view' FROM duckdb_views() WHERE NOT internal ORDER BY kind, name"
    )
    return Result(".tables", [d[0] for d in cur.description or []], cur.fetchall())


def repl(
    conn: duckdb.DuckDBPyConnection,
    params: dict[str, str],
    on_result: Callable[[Result], None],
    on_message: Callable[[str], None],
    stdin: IO[str] | None = None,
    prompt_to: IO[str] | None = None,
) -> int:
    """Read statements ending in ';' until EOF or ``.quit``; run each, report results and errors.

    Returns the number of statements run. Prompts are written only when reading a terminal.
    """
    stdin = stdin or sys.stdin
    prompt_to = prompt_to or sys.stderr
    interactive = stdin.isatty()
    if interactive:
        with contextlib.suppress(ImportError):  # line editing and history for input(); not on every platform
            import readline  # noqa: F401
        prompt_to.write(
            "newsevents SQL shell (read-only). End statements with ';'; .help for help, .quit to leave.\n"
        )
    buffer: list[str] = []
    ran = 0
    while True:
        prompt = "newsevents> " if not buffer else "       ...> "
        if interactive:
            try:
                line = input(prompt) + "\n"
            except EOFError:
                prompt_to.write("\n")
                break
        else:
            line = stdin.readline()
            if not line:
                break
        stripped = line.strip()
        if not buffer:
            if not stripped:
                continue
            if stripped in QUIT_COMMANDS:
                break
            if stripped.startswith("."):
                _dot_command(conn, stripped, params, on_result, on_message)
                continue
        buffer.append(line)
        if stripped.endswith(";"):
            sql = "".join(buffer)
            buffer = []
            ran += 1
            try:
                for result in run_script(conn, sql, params):
                    on_result(result)
            except (duckdb.Error, ParamError) as exc:
                on_message(f"{type(exc).__name__}: {str(exc).splitlines()[0]}")
    if buffer and "".join(buffer).strip():
        on_message("unterminated statement ignored (end statements with ';')")
    return ran


def _dot_command(
    conn: duckdb.DuckDBPyConnection,
    command: str,
    params: dict[str, str],
    on_result: Callable[[Result], None],
    on_message: Callable[[str], None],
) -> None:
    if command == ".tables":
        on_result(_list_relations(conn))
    elif command == ".params":
        on_result(Result(".params", ["name", "value"], sorted(params.items())))
    elif command == ".help":
        on_message(SHELL_HELP)
    else:
        on_message(f"unknown command {command}; .help lists the commands")
