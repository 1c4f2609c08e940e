"""Warehouse load: raw lake partitions into the warehouse's raw tables (DuckDB or PostgreSQL)."""

from __future__ import annotations

from flywheel_pipeline.settings import Settings
from flywheel_pipeline.warehouse.base import Warehouse


def open_warehouse(settings: Settings, *, read_only: bool = False) -> Warehouse:
    """The warehouse that ``FLYWHEEL_DBT_TARGET`` selects, connected."""
    if settings.dbt_target == "postgres":
        from flywheel_pipeline.warehouse.postgres import PostgresWarehouse

        return PostgresWarehouse(settings.postgres_uri)
    from flywheel_pipeline.warehouse.duckdb import DuckDBWarehouse

    return DuckDBWarehouse(settings.duckdb_path, read_only=read_only)
