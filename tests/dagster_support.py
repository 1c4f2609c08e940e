"""Run the real Dagster assets in-process for tests."""

from __future__ import annotations

from dagster import AssetKey, DagsterInstance, ExecuteInProcessResult, materialize

from flywheel_pipeline.definitions import defs
from flywheel_pipeline.defs.dbt.assets import flywheel_dbt_models
from flywheel_pipeline.defs.lake.assets import raw_events
from flywheel_pipeline.defs.warehouse.assets import raw_events_table

ASSETS = [raw_events, raw_events_table, flywheel_dbt_models]

RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


def run_pipeline(
    first: str, last: str | None = None, instance: DagsterInstance | None = None
) -> ExecuteInProcessResult:
    """Materialize every asset for the arrival days first..last (one run, like a
    single-run backfill or the nightly schedule for one day)."""
    kwargs = (
        {"partition_key": first}
        if last in (None, first)
        else {"tags": {RANGE_START: first, RANGE_END: last}}
    )
    return materialize(
        ASSETS,
        instance=instance or DagsterInstance.ephemeral(),
        resources=defs.resources,
        raise_on_error=True,
        **kwargs,
    )


def materialization_metadata(result: ExecuteInProcessResult, key: str) -> dict:
    [event] = [
        e
        for e in result.get_asset_materialization_events()
        if e.asset_key == AssetKey.from_user_string(key)
    ][:1] or [None]
    assert event is not None, f"no materialization of {key}"
    return {k: v.value for k, v in event.materialization.metadata.items()}


def failed_checks(result: ExecuteInProcessResult) -> list[str]:
    return [
        f"{e.asset_key.to_user_string()}:{e.check_name}"
        for e in result.get_asset_check_evaluations()
        if not e.passed
    ]
