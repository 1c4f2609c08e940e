"""Asset jobs; their partitions (arrival days) come from the selected assets."""

from dagster import AssetSelection, define_asset_job

ingest_landing_job = define_asset_job(
    "ingest_landing",
    selection=AssetSelection.assets("raw_events", "raw_events_table", "raw_events_retracted"),
    description="Landing files of an arrival day -> raw parquet -> warehouse raw table.",
)

daily_pipeline_job = define_asset_job(
    "daily_pipeline",
    selection=AssetSelection.all(),
    description="Everything for an arrival day: raw, warehouse load, every dbt model and test.",
)
