"""All dbt models as Dagster assets, partitioned by arrival day.

One ``dbt build`` per run: the run's partition range becomes the arrival-day
window (dbt vars min_arrival_date / max_arrival_date); incremental models then
recompute only the event dates that the newly arrived data touches. A range of
partitions runs as one dbt invocation (single-run backfill policy), which also
keeps DuckDB to one writer. dbt tests are Dagster asset checks.

The materializations of the models in :mod:`previews` get a small table preview
in their metadata. DuckDB allows no reader beside dbt's writer, so from the
first of them on, events are held back until dbt has finished, then emitted in
dbt's order (Dagster needs a multi-asset's outputs in topological order).
"""

import os

from dagster import AssetExecutionContext, AssetMaterialization, BackfillPolicy, Output
from dagster_dbt import DagsterDbtTranslatorSettings, DbtCliResource, dbt_assets

from flywheel_pipeline.config import get_product_config
from flywheel_pipeline.defs.dbt.cli_args import dbt_build_args
from flywheel_pipeline.defs.dbt.previews import PREVIEWS, preview_metadata
from flywheel_pipeline.defs.dbt.project import flywheel_dbt_project
from flywheel_pipeline.defs.dbt.translator import FlywheelDbtTranslator
from flywheel_pipeline.defs.partitions import arrival_day_partitions, window_of
from flywheel_pipeline.settings import get_settings
from flywheel_pipeline.warehouse import open_warehouse


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
    settings = get_settings()
    os.environ.update(settings.dbt_env())
    args = dbt_build_args(get_product_config(), window)
    context.log.info(f"dbt {' '.join(args)}")
    held: list = []
    try:
        for event in dbt.cli(args, context=context).stream():
            key = _asset_key(context, event)
            if held or key in PREVIEWS:
                held.append((key, event))
            else:
                yield event
    except Exception:
        yield from (event for _, event in held)  # what dbt did build stays recorded
        raise
    yield from _with_previews(context, settings, held)


def _asset_key(context: AssetExecutionContext, event):
    if isinstance(event, Output):
        return context.asset_key_for_output(event.output_name)
    if isinstance(event, AssetMaterialization):
        return event.asset_key
    return None


def _with_previews(context: AssetExecutionContext, settings, held: list):
    if not held:
        return
    try:
        warehouse = open_warehouse(settings, read_only=True)
    except Exception as exc:  # a preview never fails the run
        context.log.warning(f"table previews skipped: {exc}")
        yield from (event for _, event in held)
        return
    try:
        for key, event in held:
            if key not in PREVIEWS:
                yield event
                continue
            try:
                extra = preview_metadata(warehouse, key)
            except Exception as exc:
                context.log.warning(f"preview of {key.to_user_string()} skipped: {exc}")
                extra = {}
            yield event.with_metadata({**event.metadata, **extra})
    finally:
        warehouse.close()
