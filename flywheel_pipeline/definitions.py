"""The Flywheel code location: assembles the per-domain definitions under defs/."""

from dagster import Definitions

from flywheel_pipeline.defs.automation import definitions as automation
from flywheel_pipeline.defs.dbt import definitions as dbt
from flywheel_pipeline.defs.lake import definitions as lake
from flywheel_pipeline.defs.resources import LakeResource, WarehouseResource
from flywheel_pipeline.defs.warehouse import definitions as warehouse

defs = Definitions.merge(
    lake.defs,
    warehouse.defs,
    dbt.defs,
    automation.defs,
    Definitions(resources={"lake": LakeResource(), "warehouse": WarehouseResource()}),
)
