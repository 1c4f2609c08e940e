"""Every resource of the code location, built from the settings (typed fields;
secrets set in the environment go in as ``EnvVar``, so the UI never shows them)."""

from __future__ import annotations

from typing import Any

from dagster import EnvVar
from dagster_dbt import DbtProject

from flywheel_pipeline.defs.common.resources import ProductConfigResource
from flywheel_pipeline.defs.dbt.resources import FlywheelDbtCliResource
from flywheel_pipeline.defs.lake.resources import IngestResource, LakeResource
from flywheel_pipeline.defs.warehouse.resources import WarehouseResource
from flywheel_pipeline.settings import Settings
from flywheel_pipeline.transform.runner import dbt_executable


def build_resources(settings: Settings, dbt_project: DbtProject) -> dict[str, Any]:
    """The resources by key: lake, ingest, warehouse, product_config, dbt."""

    def secret(name: str, value: str | None) -> str | EnvVar | None:
        return EnvVar(name) if name in settings.secrets_in_env else value

    wh = settings.warehouse
    return {
        "lake": LakeResource(
            url=settings.lake_url,
            s3_endpoint=settings.s3_endpoint,
            access_key_id=settings.aws_access_key_id,
            secret_access_key=secret("AWS_SECRET_ACCESS_KEY", settings.aws_secret_access_key),
            region=settings.aws_region,
        ),
        "ingest": IngestResource(
            pii_key=secret("FLYWHEEL_PII_KEY", settings.pii_key),
            batch_rows=settings.batch_rows,
        ),
        "warehouse": WarehouseResource(
            target=wh.target,
            duckdb_path=str(wh.duckdb_path),
            pg_host=wh.pg_host,
            pg_port=wh.pg_port,
            pg_user=wh.pg_user,
            pg_password=secret("PGPASSWORD", wh.pg_password),
            pg_database=wh.pg_database,
        ),
        "product_config": ProductConfigResource(directory=str(settings.config_dir)),
        "dbt": FlywheelDbtCliResource(project_dir=dbt_project, dbt_executable=dbt_executable()),
    }
