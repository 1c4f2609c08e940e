"""The landing sensor: new landing files -> ingestion runs of their arrival days."""

from dagster import RunRequest, SensorEvaluationContext, SensorResult, SkipReason, sensor

from flywheel_pipeline.defs.automation.jobs import ingest_landing_job
from flywheel_pipeline.defs.automation.landing_cursor import LandingCursor, new_files
from flywheel_pipeline.defs.partitions import arrival_day_partitions
from flywheel_pipeline.defs.resources import LakeResource
from flywheel_pipeline.ingest.layout import EVENTS_SOURCE, arrival_day_of
from flywheel_pipeline.lake.readers import is_landing_file


@sensor(
    name="landing_sensor",
    job=ingest_landing_job,
    minimum_interval_seconds=60,
    description="Requests an ingest_landing run for each arrival day with new landing files.",
)
def landing_sensor(context: SensorEvaluationContext, lake: LakeResource):
    keys = lake.lake().list_files(f"landing/{EVENTS_SOURCE}")
    listing = [f for f in keys if is_landing_file(f.key)]
    fresh, cursor = new_files(listing, LandingCursor.parse(context.cursor))
    if not fresh:
        return SkipReason("no new landing files")
    latest_by_day: dict[str, int] = {}
    for f in fresh:
        day = arrival_day_of(f.key)
        if day is None or not arrival_day_partitions.has_partition_key(day):
            context.log.warning(f"{f.key}: not under a valid dt=YYYY-MM-DD arrival day; ignored")
            continue
        latest_by_day[day] = max(latest_by_day.get(day, 0), f.mtime_ns)
    return SensorResult(
        run_requests=[
            RunRequest(run_key=f"{day}:{mtime}", partition_key=day)
            for day, mtime in sorted(latest_by_day.items())
        ],
        cursor=cursor.serialize(),
    )
