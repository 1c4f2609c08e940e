"""The warehouse raw table asset: raw lake partitions -> DuckDB ``raw.events``."""

from dagster import AssetExecutionContext, BackfillPolicy, MaterializeResult, MetadataValue, asset

from flywheel_pipeline.defs.metadata import markdown_table
from flywheel_pipeline.defs.partitions import arrival_dates, arrival_day_partitions
from flywheel_pipeline.defs.resources import LakeResource, WarehouseResource
from flywheel_pipeline.ingest.layout import EVENTS_SOURCE
from flywheel_pipeline.settings import get_settings


@asset(
    key="raw_events_table",
    deps=["raw_events"],
    group_name="raw",
    kinds={get_settings().dbt_target},
    partitions_def=arrival_day_partitions,
    backfill_policy=BackfillPolicy.single_run(),
    pool="warehouse",
    description=(
        "Warehouse table raw.events: the raw parquet partitions loaded into the warehouse "
        "(DuckDB or PostgreSQL), one arrival day replaced per partition in one transaction "
        "(idempotent). dbt source raw.events."
    ),
)
def raw_events_table(
    context: AssetExecutionContext, lake: LakeResource, warehouse: WarehouseResource
):
    store = lake.lake()
    wh = warehouse.connect()
    try:
        results = [
            wh.load_raw_partition(store, EVENTS_SOURCE, day)
            for day in arrival_dates(context.partition_keys)
        ]
        rows_in_table = wh.count_rows(results[0].table)
    finally:
        wh.close()
    return MaterializeResult(
        metadata={
            "rows_loaded": sum(r.rows for r in results),
            "table_rows": rows_in_table,
            "table": MetadataValue.text(results[0].table),
            "per_partition": MetadataValue.md(
                markdown_table(
                    ["arrival day", "rows"], [[r.arrival_date.isoformat(), r.rows] for r in results]
                )
            ),
        }
    )
