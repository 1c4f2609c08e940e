"""The warehouse raw table asset: raw lake partitions -> warehouse ``raw.events``."""

import time

from dagster import (
    AssetExecutionContext,
    AssetsDefinition,
    AssetSpec,
    BackfillPolicy,
    MaterializeResult,
    MetadataValue,
    PartitionsDefinition,
    multi_asset,
)

from flywheel_pipeline.defs.lake.resources import LakeResource
from flywheel_pipeline.defs.partitions import arrival_dates
from flywheel_pipeline.defs.pools import WAREHOUSE_POOL
from flywheel_pipeline.defs.progress import progress_due
from flywheel_pipeline.defs.warehouse.resources import WarehouseResource
from flywheel_pipeline.instance.worker import record_run_worker
from flywheel_pipeline.lake.layout import EVENTS_SOURCE
from flywheel_pipeline.reporting.render import markdown_table
from flywheel_pipeline.warehouse.base import retracted_table


def build_raw_events_table_asset(
    partitions_def: PartitionsDefinition, warehouse_kind: str
) -> AssetsDefinition:
    """The ``raw_events_table`` asset; ``warehouse_kind`` (duckdb, postgres) is its kind tag."""

    @multi_asset(
        name="raw_events_table",
        specs=[
            AssetSpec(
                "raw_events_table",
                deps=["raw_events"],
                group_name="raw",
                kinds={warehouse_kind},
                description=(
                    "Warehouse table raw.events: the raw parquet partitions loaded into the "
                    "warehouse (DuckDB or PostgreSQL), one arrival day replaced per partition in "
                    "one transaction (idempotent). dbt source raw.events."
                ),
            ),
            AssetSpec(
                "raw_events_retracted",
                deps=["raw_events"],
                group_name="raw",
                kinds={warehouse_kind},
                description=(
                    "Warehouse table raw.events_retracted: versions of raw events that a reload "
                    "of their arrival day no longer holds as they were (a removed landing file, a "
                    "corrected row), written in the load's transaction. dbt source "
                    "raw.events_retracted: the models recompute what they touched."
                ),
            ),
        ],
        partitions_def=partitions_def,
        backfill_policy=BackfillPolicy.single_run(),
        pool=WAREHOUSE_POOL,
    )
    def raw_events_table(
        context: AssetExecutionContext, lake: LakeResource, warehouse: WarehouseResource
    ):
        record_run_worker(context)
        store, days = lake.lake(), arrival_dates(context.partition_keys)
        started = time.monotonic()
        wh = warehouse.connect()
        try:
            results = []
            for number, day in enumerate(days, start=1):
                results.append(wh.load_raw_partition(store, EVENTS_SOURCE, day))
                if progress_due(number, len(days)):
                    rows, seconds = sum(r.rows for r in results), time.monotonic() - started
                    context.log.info(
                        f"raw_events_table: {number}/{len(days)} arrival days loaded,"
                        f" {rows:,} rows, {seconds:.0f} s"
                    )
            rows_in_table = wh.count_rows(results[0].table)
            retracted_rows = wh.count_rows(retracted_table(EVENTS_SOURCE))
        finally:
            wh.close()
        yield MaterializeResult(
            asset_key="raw_events_retracted",
            metadata={
                "table": MetadataValue.text(retracted_table(EVENTS_SOURCE)),
                "table_rows": retracted_rows,
            },
        )
        yield MaterializeResult(
            asset_key="raw_events_table",
            metadata={
                "rows_loaded": sum(r.rows for r in results),
                "table_rows": rows_in_table,
                "table": MetadataValue.text(results[0].table),
                "per_partition": MetadataValue.md(
                    markdown_table(
                        ["arrival day", "rows"],
                        [[r.arrival_date.isoformat(), r.rows] for r in results],
                    )
                ),
            },
        )

    return raw_events_table
