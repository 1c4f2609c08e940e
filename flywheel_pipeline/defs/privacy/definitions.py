"""Privacy domain: the erasure and retention jobs and the retention schedule."""

from dagster import Definitions, ScheduleDefinition

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.defs.privacy.jobs import erasure_job, retention_job


def build_privacy_defs(config: ProductConfig) -> Definitions:
    """The jobs, and the schedule of config/tenants.yml ``retention.schedule`` (UTC)."""
    schedule = ScheduleDefinition(
        name="retention_schedule",
        job=retention_job,
        cron_schedule=config.tenants.retention.schedule,
        execution_timezone="UTC",
        description="Deletes what is older than the retention policy (config/tenants.yml).",
    )
    return Definitions(jobs=[erasure_job, retention_job], schedules=[schedule])
