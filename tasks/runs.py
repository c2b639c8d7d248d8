"""Run bookkeeping: the run id, the accounting invariant, and the summary every run returns."""

from __future__ import annotations

import time
import uuid
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from tasks.records import Reject


class AccountingError(RuntimeError):
    """inputs != loaded + unchanged + duplicates + rejected: something was lost or counted twice."""


@dataclass(slots=True)
class RunTally:
    """Counts kept while a run goes; checked against the invariant at the end."""

    run_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    started: float = field(default_factory=time.perf_counter)
    inputs: int = 0
    loaded: int = 0
    unchanged: int = 0
    duplicates: int = 0
    rejected: int = 0
    events: int = 0
    words: int = 0
    batches: int = 0
    reject_reasons: Counter[str] = field(default_factory=Counter)

    def add_rejects(self, rejects: list[Reject]) -> None:
        self.rejected += len(rejects)
        self.reject_reasons.update(f"{r.stage}/{r.reason}" for r in rejects)

    @property
    def accounting_ok(self) -> bool:
        return self.inputs == self.loaded + self.unchanged + self.duplicates + self.rejected

    @property
    def elapsed(self) -> float:
        return time.perf_counter() - self.started


@dataclass(slots=True)
class RunSummary:
    """What a run returns (and the CLI prints)."""

    run_id: str
    flow_run_id: str | None
    status: str
    db: str
    inputs: int
    loaded: int
    unchanged: int
    duplicates: int
    rejected: int
    events: int
    reject_reasons: dict[str, int]
    tables: dict[str, int]
    elapsed_s: float
    docs_per_s: float
    words_per_s: float
    accounting_ok: bool
    extractor_version: str
    model: str | None
    error: str | None = None
    flow_run_name: str | None = None  # the Prefect flow run's name, as the UI shows it
    flow_run_url: str | None = None  # its page in the Prefect UI

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
