"""The docker-compose deployment, tested without a Docker engine: the compose file
parses and wires every variable the code reads; the code location serves gRPC and
answers a health check; the Dagster instance works on a real PostgreSQL with
deploy/dagster.yaml."""

import os
import re
import shutil
import subprocess
import time
import uuid

import yaml
from dagster import DagsterInstance, asset, materialize

from flywheel_pipeline.settings import DAGSTER_ENV, ENV_VARS, PROJECT_ROOT, Settings
from tests.servers.seaweedfs import free_ports
from tests.support import BIN_DIR, create_database

COMPOSE = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text())
SERVICES = COMPOSE["services"]
CODE_SERVICES = ("code-location", "webserver", "daemon")


def test_compose_has_the_services_with_pinned_images_health_checks_and_volumes():
    assert set(SERVICES) == {
        "postgres",
        "minio",
        "minio-init",
        "code-location",
        "webserver",
        "daemon",
    }
    for name, service in SERVICES.items():
        image = service.get("image", "")
        assert ":" in image and not image.endswith(":latest"), f"{name}: unpinned {image!r}"
    for name in ("postgres", "minio", "code-location", "webserver"):
        assert SERVICES[name]["healthcheck"]["test"], name
    used = {v.split(":")[0] for s in SERVICES.values() for v in s.get("volumes", [])}
    assert set(COMPOSE["volumes"]) <= used  # every named volume is mounted
    assert SERVICES["minio-init"]["depends_on"]["minio"]["condition"] == "service_healthy"
    assert "mc mb" in SERVICES["minio-init"]["entrypoint"]  # the bucket is created at start


def test_every_variable_the_code_reads_is_set_for_the_code_services():
    source = (PROJECT_ROOT / "flywheel_pipeline" / "settings.py").read_text()
    profile = (PROJECT_ROOT / "dbt_project" / "profiles.yml").read_text()
    read = set(re.findall(r'get\("([A-Z0-9_]+)"', source))  # the settings module
    read |= set(re.findall(r"env_var\('([A-Z0-9_]+)'", profile))  # dbt's profile
    # DAGSTER_HOME is Dagster's own (the demo passes it on to `dagster`)
    assert read == {*ENV_VARS, "DAGSTER_HOME"}, "settings.ENV_VARS must list every variable read"
    for name in CODE_SERVICES:
        environment = SERVICES[name]["environment"]
        missing = [
            v
            for v in (*ENV_VARS, *DAGSTER_ENV, "DAGSTER_HOME", "DAGSTER_POSTGRES_URL")
            if v not in environment
        ]
        assert not missing, f"{name} lacks {missing}"
        assert environment["FLYWHEEL_DBT_TARGET"] == "postgres"
        assert environment["DAGSTER_POSTGRES_URL"].startswith("postgresql+psycopg2://")


def test_env_example_names_every_variable():
    example = (PROJECT_ROOT / ".env.example").read_text()
    names = set(re.findall(r"^([A-Z0-9_]+)=", example, re.M))
    required = set(
        re.findall(r"\$\{([A-Z0-9_]+):\?", (PROJECT_ROOT / "docker-compose.yml").read_text())
    )
    assert set(ENV_VARS) | set(DAGSTER_ENV) | {"DAGSTER_POSTGRES_URL"} | required <= names


def test_workspace_points_at_the_code_location_grpc_server():
    workspace = yaml.safe_load((PROJECT_ROOT / "workspace.yaml").read_text())
    [location] = workspace["load_from"]
    server = location["grpc_server"]
    assert server["host"] == "code-location"
    assert str(server["port"]) in SERVICES["code-location"]["command"]
    assert "workspace.yaml" in SERVICES["webserver"]["command"]


def test_the_code_location_serves_grpc_and_answers_a_health_check(tmp_path):
    [port] = free_ports(1)
    env = {
        **os.environ,
        "DAGSTER_HOME": str(tmp_path),
        "FLYWHEEL_DUCKDB_PATH": str(tmp_path / "wh.duckdb"),
    }
    server = subprocess.Popen(
        [
            str(BIN_DIR / "dagster"),
            "api",
            "grpc",
            "-m",
            "flywheel_pipeline.definitions",
            "-h",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while True:
            check = subprocess.run(
                [str(BIN_DIR / "dagster"), "api", "grpc-health-check", "-p", str(port)],
                env=env,
                capture_output=True,
                text=True,
            )
            if check.returncode == 0:
                break
            assert server.poll() is None, server.stderr.read().decode()[-3000:]
            assert time.monotonic() < deadline, check.stdout + check.stderr
            time.sleep(1)
    finally:
        # under a loaded CI machine a code server can take long to stop; what this
        # test checks is that it serves
        server.terminate()
        try:
            server.wait(timeout=90)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=30)


def test_the_dagster_instance_runs_on_postgres_with_the_deploy_config(
    tmp_path, postgres, monkeypatch
):
    database = f"dagster_{uuid.uuid4().hex[:8]}"
    create_database(postgres, database)
    uri = Settings.from_env({**postgres, "PGDATABASE": database}).warehouse.postgres_uri
    url = uri.replace("postgresql://", "postgresql+psycopg2://", 1)
    monkeypatch.setenv("DAGSTER_POSTGRES_URL", url)
    shutil.copy(PROJECT_ROOT / "deploy" / "dagster.yaml", tmp_path / "dagster.yaml")

    @asset
    def probe() -> int:
        return 1

    with DagsterInstance.from_config(str(tmp_path)) as instance:
        assert type(instance.run_storage).__name__ == "PostgresRunStorage"
        assert type(instance.event_log_storage).__name__ == "PostgresEventLogStorage"
        assert type(instance.run_coordinator).__name__ == "QueuedRunCoordinator"
        result = materialize([probe], instance=instance)
        assert result.success
        [run] = instance.get_runs()
        assert run.run_id == result.run_id
        assert instance.get_latest_materialization_event(probe.key) is not None
