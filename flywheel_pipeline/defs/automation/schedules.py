"""The nightly schedule: yesterday's arrival day through the whole pipeline."""

import datetime as dt

from dagster import RunRequest, ScheduleEvaluationContext, schedule

from flywheel_pipeline.defs.automation.jobs import daily_pipeline_job


@schedule(
    name="nightly_pipeline",
    cron_schedule="0 2 * * *",
    execution_timezone="UTC",
    job=daily_pipeline_job,
    description="At 02:00 UTC, runs yesterday's (UTC) arrival-day partition through everything.",
)
def nightly_pipeline(context: ScheduleEvaluationContext) -> RunRequest:
    yesterday = (context.scheduled_execution_time.astimezone(dt.UTC) - dt.timedelta(days=1)).date()
    key = yesterday.isoformat()
    return RunRequest(run_key=f"nightly:{key}", partition_key=key)
