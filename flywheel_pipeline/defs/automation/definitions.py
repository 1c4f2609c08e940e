"""Automation domain: jobs, the nightly schedule and the landing sensor."""

from dagster import Definitions, PartitionsDefinition

from flywheel_pipeline.defs.automation.jobs import daily_pipeline_job, ingest_landing_job
from flywheel_pipeline.defs.automation.schedules import nightly_pipeline
from flywheel_pipeline.defs.automation.sensors import build_landing_sensor


def build_automation_defs(partitions_def: PartitionsDefinition) -> Definitions:
    return Definitions(
        jobs=[ingest_landing_job, daily_pipeline_job],
        schedules=[nightly_pipeline],
        sensors=[build_landing_sensor(partitions_def)],
    )
