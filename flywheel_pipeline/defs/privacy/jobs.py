"""The privacy jobs in Dagster (docs/privacy.md): ``erasure`` erases the
pending erasure requests of the lake, ``retention`` applies the retention
policy (scheduled by ``retention_schedule``). Both write their audit record
with the run id; the ops only gather resources and call the privacy package.

An erasure request holds a person's ids, so it never travels in run config
(Dagster keeps run config forever): ``flywheel erase --submit`` writes it to
``privacy/requests/`` in the lake and the job reads and deletes it.
"""

import datetime as dt

from dagster import Config, OpExecutionContext, job, op

from flywheel_pipeline.defs.common.resources import ProductConfigResource
from flywheel_pipeline.defs.dbt.resources import FlywheelDbtCliResource
from flywheel_pipeline.defs.lake.resources import IngestResource, LakeResource
from flywheel_pipeline.defs.warehouse.resources import WarehouseResource
from flywheel_pipeline.privacy.audit import AuditRecord, who_runs
from flywheel_pipeline.privacy.erasure import erase
from flywheel_pipeline.privacy.requests import pending_requests, remove_request
from flywheel_pipeline.privacy.retention import apply_retention
from flywheel_pipeline.transform.commands import build_args


class RetentionConfig(Config):
    """``dry_run``: list what would go, change nothing. ``today``: the day the
    horizons count back from (YYYY-MM-DD, UTC; empty: the run's day)."""

    dry_run: bool = False
    today: str = ""


class ErasureConfig(Config):
    """``dry_run``: count what would go, change nothing (the requests stay)."""

    dry_run: bool = False


def _rebuild(context: OpExecutionContext, dbt: FlywheelDbtCliResource, product_config):
    """Every dbt model rebuilt from raw (dbt build --full-refresh)."""

    def rebuild() -> None:
        args = build_args(product_config.load(), None, full_refresh=True)
        invocation = dbt.cli(args, raise_on_error=True)
        for line in invocation.stream_raw_events():
            context.log.debug(str(line))

    return rebuild


@op(description="Erase the pending erasure requests everywhere, suppress their ids, audit.")
def erase_requested_subjects(
    context: OpExecutionContext,
    config: ErasureConfig,
    lake: LakeResource,
    warehouse: WarehouseResource,
    ingest: IngestResource,
    product_config: ProductConfigResource,
    dbt: FlywheelDbtCliResource,
) -> None:
    store = lake.lake()
    requests = pending_requests(store)
    if not requests:
        context.log.info("no pending erasure request under privacy/requests/")
        return
    record = erase(
        store,
        warehouse.connect,
        product_config.load(),
        [subject for _, subject in requests],
        ingest.pii_key.encode(),
        AuditRecord("erasure", who_runs(), config.dry_run, dagster_run_id=context.run_id),
        _rebuild(context, dbt, product_config),
    )
    if not config.dry_run:
        for key, _ in requests:
            remove_request(store, key)
    context.log.info(f"erasure {record.job_id}: {record.touched}")


@op(description="Delete landing, raw, quarantine, export and warehouse data past its horizon.")
def apply_retention_policy(
    context: OpExecutionContext,
    config: RetentionConfig,
    lake: LakeResource,
    warehouse: WarehouseResource,
    product_config: ProductConfigResource,
    dbt: FlywheelDbtCliResource,
) -> None:
    today = dt.date.fromisoformat(config.today) if config.today else dt.datetime.now(dt.UTC).date()
    record = apply_retention(
        lake.lake(),
        warehouse.connect,
        product_config.load(),
        today,
        AuditRecord("retention", who_runs(), config.dry_run, dagster_run_id=context.run_id),
        _rebuild(context, dbt, product_config),
    )
    context.log.info(f"retention {record.job_id}: {record.touched}")


@job(name="erasure", description="Erase the people of privacy/requests/ (docs/privacy.md).")
def erasure_job() -> None:
    erase_requested_subjects()


@job(name="retention", description="Apply the retention policy of config/tenants.yml.")
def retention_job() -> None:
    apply_retention_policy()
