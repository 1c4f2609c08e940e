"""Lake domain: the raw events asset and its row-accounting check."""

from dagster import Definitions, PartitionsDefinition

from flywheel_pipeline.defs.lake.assets import build_raw_events_asset


def build_lake_defs(partitions_def: PartitionsDefinition) -> Definitions:
    return Definitions(assets=[build_raw_events_asset(partitions_def)])
