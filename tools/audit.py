"""`make lint`'s dependency audit: run pip-audit and say plainly what was, and was not, checked.

pip-audit prints "No known vulnerabilities found" even when the index answered for none of the packages
(offline, or a mirror without PyPI's JSON API), which reads like a clean bill of health. This wrapper counts
the packages actually audited and:

- exits 1 when a known vulnerability is found (the list is printed);
- exits 0 with a one-line warning when pip-audit could not run or audited nothing (offline);
- exits 0 with "audited N of M packages, no known vulnerabilities" otherwise.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any


def main() -> int:
    exe = shutil.which("pip-audit", path=str(Path(sys.executable).parent)) or shutil.which("pip-audit")
    if exe is None:
        print("pip-audit: not installed (pip install -e '.[dev]'); dependencies NOT audited")
        return 0
    cmd = [exe, "--skip-editable", "--progress-spinner", "off", "--format", "json"]
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    except subprocess.TimeoutExpired:
        print("pip-audit: timed out after 600 s (offline?); dependencies NOT audited")
        return 0
    try:
        report = json.loads(proc.stdout)
    except json.JSONDecodeError:
        why = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"pip-audit: could not complete (offline?): {why}; dependencies NOT audited")
        return 0
    code, lines = summarize(report)
    print("\n".join(lines))
    return code


def summarize(report: dict[str, Any]) -> tuple[int, list[str]]:
    """pip-audit's JSON report → (exit code, lines to print)."""
    deps = report.get("dependencies", [])
    audited = [d for d in deps if "skip_reason" not in d]
    vulnerable = [d for d in audited if d.get("vulns")]
    if not audited:
        return 0, [
            f"pip-audit: the index answered for none of the {len(deps)} packages (offline, or a mirror "
            "without PyPI's JSON API); dependencies NOT audited"
        ]
    if vulnerable:
        lines = []
        for dep in vulnerable:
            ids = []
            for vuln in dep["vulns"]:
                fixed = vuln.get("fix_versions") or []
                ids.append(vuln.get("id", "?") + (f" (fixed in {', '.join(fixed)})" if fixed else ""))
            lines.append(f"{dep['name']} {dep.get('version', '')}: {', '.join(ids)}")
        lines.append(
            f"pip-audit: {len(vulnerable)} of {len(audited)} audited packages have known vulnerabilities"
        )
        return 1, lines
    skipped = len(deps) - len(audited)
    note = f" ({skipped} could not be audited)" if skipped else ""
    return 0, [f"pip-audit: audited {len(audited)} of {len(deps)} packages, no known vulnerabilities{note}"]


if __name__ == "__main__":
    sys.exit(main())
