"""tools/ci_summary.py: the tail of a failed CI run names the failures and where every thread was."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

LOG = """\
tests/test_nlp_dates.py ....Timeout (0:05:00)!
Thread 0x00007f5e3115b6c0 (most recent call first):
  File "/x/.venv/lib/python3.11/site-packages/distributed/utils.py", line 12 in run_loop
  File "/usr/lib/python3.11/threading.py", line 982 in run
Current thread 0x00007f5e34809b80 (most recent call first):
  File "/x/tasks/nlp/dates.py", line 40 in resolve_expression
  File "/x/tests/test_nlp_dates.py", line 5 in test_dates_property
+++++++++++++++++++++++++++++++++++ Timeout ++++++++++++++++++++++++++++++++++++
~~~~~~~~~~~~~~~~~~~~ Stack of MainThread (140042584497024) ~~~~~~~~~~~~~~~~~~~~~
  File "/x/tests/test_nlp_dates.py", line 5, in test_dates_property
    resolve_expression(expr)
  File "/x/tasks/nlp/dates.py", line 40, in resolve_expression
    while True:
+++++++++++++++++++++++++++++++++++ Timeout ++++++++++++++++++++++++++++++++++++
FAILED tests/test_cli.py::test_cli_help - AssertionError
"""


def _module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("ci_summary", REPO / "tools" / "ci_summary.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_ci_summary_names_failures_and_each_threads_innermost_frames() -> None:
    out = _module().summarize(LOG.splitlines())
    assert out[0] == "FAILED tests/test_cli.py::test_cli_help - AssertionError"
    assert out[1] == "faulthandler dump at log line 1, in tests/test_nlp_dates.py: 2 threads"
    assert out[2].startswith("  0x00007f5e3115b6c0: run_loop distributed/utils.py:12 < run ")
    assert out[3].startswith("  0x00007f5e34809b80: resolve_expression nlp/dates.py:40 < test_dates_property")
    # format_stack order (outermost first) is turned round: the innermost frame comes first
    assert out[4] == "pytest-timeout dump at log line 8, in tests/test_nlp_dates.py: 1 threads"
    assert out[5].startswith("  MainThread: resolve_expression nlp/dates.py:40 < test_dates_property")


def test_ci_summary_prints_nothing_for_a_clean_log(tmp_path: Path) -> None:
    log = tmp_path / "ok.log"
    log.write_text("tests/test_cli.py ....\n1 passed\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(REPO / "tools" / "ci_summary.py"), str(log)], capture_output=True, text=True
    )
    assert (done.returncode, done.stdout) == (0, "")
