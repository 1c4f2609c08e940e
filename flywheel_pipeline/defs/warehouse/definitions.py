"""Warehouse domain: loading raw partitions into the warehouse."""

from dagster import Definitions

from flywheel_pipeline.defs.warehouse.assets import raw_events_table

defs = Definitions(assets=[raw_events_table])
