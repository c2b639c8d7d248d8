# newsevents: `make run` sets everything up and ingests seeds/; `make test` runs the test suite.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
DB     ?= data/newsevents.duckdb

.PHONY: run test test-fast lint bench schema-doc clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

## run: create .venv, install, ingest seeds/ into $(DB) and print what was loaded
run: $(VENV)/.installed
	$(BIN)/newsevents ingest seeds/ --db $(DB)

## test: the whole suite: fast unit tests first, then (in a fresh process) integration and slow end-to-end
test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m "not model and not integration and not slow"
	$(BIN)/python -m pytest -m "model or integration or slow"

## test-fast: unit tests only (no model, no Prefect, no servers)
test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -m "not model and not integration and not slow"

## lint: ruff, mypy, the import contract (layers newsevents > flows > tasks) and a dependency audit
lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python tools/audit.py

## bench: throughput and memory benchmarks (see docs/BENCHMARKS.md)
bench: $(VENV)/.installed-dev
	$(BIN)/python -m bench.run

## schema-doc: regenerate docs/SCHEMA.md from the COMMENTs in sql/
schema-doc: $(VENV)/.installed
	$(BIN)/newsevents schema --markdown > docs/SCHEMA.md

clean:
	rm -rf data .pytest_cache .ruff_cache .mypy_cache
