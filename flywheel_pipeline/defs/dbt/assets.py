"""All dbt models as Dagster assets, partitioned by arrival day.

One ``dbt build`` per run: the run's partition range becomes the arrival-day
window (dbt vars min_arrival_date / max_arrival_date); incremental models then
recompute only the event dates that the newly arrived data touches. A range of
partitions runs as one dbt invocation (single-run backfill policy), which also
keeps DuckDB to one writer. dbt tests are Dagster asset checks.
"""

import os

from dagster import AssetExecutionContext, BackfillPolicy
from dagster_dbt import DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from flywheel_pipeline.config import get_product_config
from flywheel_pipeline.defs.dbt.cli_args import dbt_build_args
from flywheel_pipeline.defs.dbt.project import flywheel_dbt_project
from flywheel_pipeline.defs.dbt.translator import FlywheelDbtTranslator
from flywheel_pipeline.defs.partitions import arrival_day_partitions, window_of
from flywheel_pipeline.settings import get_settings


@dbt_assets(
    manifest=flywheel_dbt_project.manifest_path,
    project=flywheel_dbt_project,
    dagster_dbt_translator=FlywheelDbtTranslator(
        settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)
    ),
    partitions_def=arrival_day_partitions,
    backfill_policy=BackfillPolicy.single_run(),
    pool="warehouse",
)
def flywheel_dbt_models(context: AssetExecutionContext, dbt: DbtCliResource):
    window = window_of(context.partition_key_range)
    os.environ.update(get_settings().dbt_env())
    args = dbt_build_args(get_product_config(), window)
    context.log.info(f"dbt {' '.join(args)}")
    yield from dbt.cli(args, context=context).stream()
