"""The landing sensor: new landing files -> ingestion runs of their arrival days.

It decides what to run and nothing else: which arrival days have new files
(the cursor logic is in landing_cursor.py).
"""

from dagster import (
    PartitionsDefinition,
    RunRequest,
    SensorDefinition,
    SensorEvaluationContext,
    SensorResult,
    SkipReason,
    sensor,
)

from flywheel_pipeline.defs.automation.jobs import ingest_landing_job
from flywheel_pipeline.defs.automation.landing_cursor import LandingCursor, new_files
from flywheel_pipeline.defs.lake.resources import LakeResource
from flywheel_pipeline.lake.layout import EVENTS_SOURCE, LANDING, arrival_day_of, source_prefix
from flywheel_pipeline.lake.readers import is_hidden


def build_landing_sensor(partitions_def: PartitionsDefinition) -> SensorDefinition:
    """The sensor, requesting partitions of ``partitions_def`` (arrival days)."""

    @sensor(
        name="landing_sensor",
        job=ingest_landing_job,
        minimum_interval_seconds=60,
        description="Requests an ingest_landing run for each arrival day with new landing files.",
    )
    def landing_sensor(context: SensorEvaluationContext, lake: LakeResource):
        listing = [
            f
            for f in lake.lake().list_files(source_prefix(LANDING, EVENTS_SOURCE))
            if not is_hidden(f.key)
        ]
        fresh, cursor = new_files(listing, LandingCursor.parse(context.cursor))
        if not fresh:
            return SkipReason("no new landing files")
        latest_by_day: dict[str, int] = {}
        for f in fresh:
            day = arrival_day_of(f.key)
            if day is None or not partitions_def.has_partition_key(day):
                context.log.warning(
                    f"{f.key}: not under a valid dt=YYYY-MM-DD arrival day; ignored"
                )
                continue
            latest_by_day[day] = max(latest_by_day.get(day, 0), f.mtime_ns)
        return SensorResult(
            run_requests=[
                RunRequest(run_key=f"{day}:{mtime}", partition_key=day)
                for day, mtime in sorted(latest_by_day.items())
            ],
            cursor=cursor.serialize(),
        )

    return landing_sensor
