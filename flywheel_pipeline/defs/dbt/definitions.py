"""dbt domain: the dbt models as assets (their tests as asset checks)."""

from dagster import Definitions, PartitionsDefinition
from dagster_dbt import DbtProject

from flywheel_pipeline.defs.dbt.assets import build_dbt_assets


def build_dbt_defs(project: DbtProject, partitions_def: PartitionsDefinition) -> Definitions:
    return Definitions(assets=build_dbt_assets(project, partitions_def))
