"""Automation domain: jobs, the nightly schedule and the landing sensor."""

from dagster import Definitions

from flywheel_pipeline.defs.automation.jobs import daily_pipeline_job, ingest_landing_job
from flywheel_pipeline.defs.automation.schedules import nightly_pipeline
from flywheel_pipeline.defs.automation.sensors import landing_sensor

defs = Definitions(
    jobs=[ingest_landing_job, daily_pipeline_job],
    schedules=[nightly_pipeline],
    sensors=[landing_sensor],
)
