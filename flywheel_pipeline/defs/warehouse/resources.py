"""The warehouse resource: the DuckDB file or the PostgreSQL database that
dbt's profile selects (``FLYWHEEL_DBT_TARGET``)."""

from __future__ import annotations

from pathlib import Path

from dagster import ConfigurableResource

from flywheel_pipeline.settings import WarehouseSettings
from flywheel_pipeline.warehouse import Warehouse, open_warehouse


class WarehouseResource(ConfigurableResource):
    """Connection fields of the warehouse; ``pg_password`` comes from ``PGPASSWORD``."""

    target: str
    duckdb_path: str
    pg_host: str
    pg_port: int
    pg_user: str
    pg_password: str
    pg_database: str

    def settings(self) -> WarehouseSettings:
        return WarehouseSettings(
            target=self.target,
            duckdb_path=Path(self.duckdb_path),
            pg_host=self.pg_host,
            pg_port=self.pg_port,
            pg_user=self.pg_user,
            pg_password=self.pg_password,
            pg_database=self.pg_database,
        )

    def connect(self, *, read_only: bool = False) -> Warehouse:
        return open_warehouse(self.settings(), read_only=read_only)
