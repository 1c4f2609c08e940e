"""Warehouse domain: loading raw partitions into the warehouse."""

from dagster import Definitions, PartitionsDefinition

from flywheel_pipeline.defs.warehouse.assets import build_raw_events_table_asset


def build_warehouse_defs(partitions_def: PartitionsDefinition, warehouse_kind: str) -> Definitions:
    return Definitions(assets=[build_raw_events_table_asset(partitions_def, warehouse_kind)])
