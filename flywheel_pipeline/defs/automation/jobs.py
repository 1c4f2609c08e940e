"""Asset jobs, all partitioned by arrival day."""

from dagster import AssetSelection, define_asset_job

from flywheel_pipeline.defs.partitions import arrival_day_partitions

ingest_landing_job = define_asset_job(
    "ingest_landing",
    selection=AssetSelection.assets("raw_events", "raw_events_table"),
    partitions_def=arrival_day_partitions,
    description="Landing files of an arrival day -> raw parquet -> warehouse raw table.",
)

daily_pipeline_job = define_asset_job(
    "daily_pipeline",
    selection=AssetSelection.all(),
    partitions_def=arrival_day_partitions,
    description="Everything for an arrival day: raw, warehouse load, every dbt model and test.",
)
