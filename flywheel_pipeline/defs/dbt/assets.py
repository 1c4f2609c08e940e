"""The dbt models as Dagster assets, in two sets (dagster-open-platform's split):

- ``dbt_arrival_window_models``: the models whose run is scoped to the
  arrival-day window (dbt tag ``arrival_window``: the incremental models and
  int_touched_event_dates), partitioned by arrival day. A run's partition range
  becomes the window (vars min/max_arrival_date); ``full_refresh: true`` in the
  run config rebuilds them from all of history.
- ``dbt_table_models``: everything else (table marts, views, reports),
  unpartitioned: rebuilt whole from the incremental facts, in the same run.

Each body is one dbt invocation streamed back to Dagster; dbt tests are asset
checks. Both are in the ``warehouse`` pool (DuckDB allows one writer).
"""

from dagster import AssetExecutionContext, AssetsDefinition, BackfillPolicy, PartitionsDefinition
from dagster_dbt import DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from flywheel_pipeline.defs.common.resources import ProductConfigResource
from flywheel_pipeline.defs.dbt.config import DbtConfig
from flywheel_pipeline.defs.dbt.previews import stream_with_previews
from flywheel_pipeline.defs.dbt.translator import FlywheelDbtTranslator
from flywheel_pipeline.defs.partitions import window_of
from flywheel_pipeline.defs.pools import WAREHOUSE_POOL
from flywheel_pipeline.defs.warehouse.resources import WarehouseResource
from flywheel_pipeline.instance.worker import record_run_worker
from flywheel_pipeline.transform.commands import build_args

ARRIVAL_WINDOW_SELECTOR = "tag:arrival_window"


def build_dbt_assets(
    project: DbtProject, partitions_def: PartitionsDefinition
) -> list[AssetsDefinition]:
    """The two dbt asset sets of ``project`` (see the module doc)."""
    translator = FlywheelDbtTranslator(
        settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)
    )

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        select=ARRIVAL_WINDOW_SELECTOR,
        name="dbt_arrival_window_models",
        dagster_dbt_translator=translator,
        partitions_def=partitions_def,
        backfill_policy=BackfillPolicy.single_run(),
        pool=WAREHOUSE_POOL,
    )
    def dbt_arrival_window_models(
        context: AssetExecutionContext,
        dbt: DbtCliResource,
        product_config: ProductConfigResource,
        warehouse: WarehouseResource,
        config: DbtConfig,
    ):
        window = window_of(context.partition_key_range)
        args = build_args(product_config.load(), window, full_refresh=config.full_refresh)
        what = (
            "all of history (full refresh)" if config.full_refresh else f"{window[0]}..{window[1]}"
        )
        context.log.info(f"dbt build, arrival days {what}")
        record_run_worker(context)
        yield from stream_with_previews(context, dbt, args, project, warehouse)

    @dbt_assets(
        manifest=project.manifest_path,
        project=project,
        exclude=ARRIVAL_WINDOW_SELECTOR,
        name="dbt_table_models",
        dagster_dbt_translator=translator,
        backfill_policy=BackfillPolicy.single_run(),
        pool=WAREHOUSE_POOL,
    )
    def dbt_table_models(
        context: AssetExecutionContext,
        dbt: DbtCliResource,
        product_config: ProductConfigResource,
        warehouse: WarehouseResource,
    ):
        context.log.info("dbt build of the table marts and reports")
        args = build_args(product_config.load())
        record_run_worker(context)
        yield from stream_with_previews(context, dbt, args, project, warehouse)

    return [dbt_arrival_window_models, dbt_table_models]
