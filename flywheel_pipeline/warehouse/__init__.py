"""Warehouse load: raw lake partitions into the warehouse's raw tables (DuckDB or PostgreSQL)."""

from __future__ import annotations

from flywheel_pipeline.settings import WarehouseSettings
from flywheel_pipeline.warehouse.base import Warehouse, WarehouseUnavailableError


def open_warehouse(settings: WarehouseSettings, *, read_only: bool = False) -> Warehouse:
    """A connection to the warehouse ``settings.target`` names.

    Raises:
        WarehouseUnavailableError: a read-only DuckDB file that does not exist,
            or a PostgreSQL server that refuses the connection (one line).
    """
    if settings.target == "postgres":
        from flywheel_pipeline.warehouse.postgres import PostgresWarehouse

        return PostgresWarehouse(settings.postgres_uri)
    from flywheel_pipeline.warehouse.duckdb import DuckDBWarehouse

    return DuckDBWarehouse(settings.duckdb_path, read_only=read_only)


__all__ = ["Warehouse", "WarehouseUnavailableError", "open_warehouse"]
