"""Dagster resources: the lake and the warehouse (DuckDB or PostgreSQL), from settings."""

from __future__ import annotations

from dagster import ConfigurableResource

from flywheel_pipeline.config import ProductConfig, get_product_config
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.settings import Settings, get_settings
from flywheel_pipeline.warehouse import Warehouse, open_warehouse


class LakeResource(ConfigurableResource):
    """Object storage at ``FLYWHEEL_LAKE_URL`` (local folder or S3), plus the
    product configuration that ingestion applies."""

    def settings(self) -> Settings:
        return get_settings()

    def lake(self) -> Lake:
        return Lake.from_settings(get_settings())

    def product_config(self) -> ProductConfig:
        return get_product_config()


class WarehouseResource(ConfigurableResource):
    """The warehouse that ``FLYWHEEL_DBT_TARGET`` selects: the DuckDB file at
    ``FLYWHEEL_DUCKDB_PATH`` or PostgreSQL at ``PG*``."""

    def connect(self) -> Warehouse:
        return open_warehouse(get_settings())
