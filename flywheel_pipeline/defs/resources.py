"""Dagster resources: the lake and the DuckDB warehouse, both from the settings module."""

from __future__ import annotations

from dagster import ConfigurableResource

from flywheel_pipeline.config import ProductConfig, get_product_config
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.settings import Settings, get_settings


class LakeResource(ConfigurableResource):
    """Object storage at ``FLYWHEEL_LAKE_URL`` (local folder or S3), plus the
    product configuration that ingestion applies."""

    def settings(self) -> Settings:
        return get_settings()

    def lake(self) -> Lake:
        return Lake.from_settings(get_settings())

    def product_config(self) -> ProductConfig:
        return get_product_config()


class DuckDBWarehouseResource(ConfigurableResource):
    """The DuckDB warehouse file at ``FLYWHEEL_DUCKDB_PATH``."""

    def connect(self):
        from flywheel_pipeline.warehouse.duckdb_loader import connect

        return connect(get_settings().duckdb_path)
