"""Run the real Dagster definitions in-process for tests: built from a test
environment's settings exactly as the code location builds them."""

from __future__ import annotations

from typing import Any

from dagster import (
    AssetKey,
    DagsterInstance,
    Definitions,
    ExecuteInProcessResult,
    build_sensor_context,
    materialize,
)

from flywheel_pipeline.defs.build import build_definitions
from tests.support import FlywheelEnv

RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


def definitions(env: FlywheelEnv) -> Definitions:
    return build_definitions(env.settings)


def run_pipeline(
    env: FlywheelEnv,
    first: str,
    last: str | None = None,
    *,
    instance: DagsterInstance | None = None,
    run_config: dict[str, Any] | None = None,
    raise_on_error: bool = True,
) -> ExecuteInProcessResult:
    """Materialize every asset for the arrival days first..last (one run, like a
    single-run backfill or the nightly schedule for one day)."""
    defs = definitions(env)
    kwargs = (
        {"partition_key": first}
        if last in (None, first)
        else {"tags": {RANGE_START: first, RANGE_END: last}}
    )
    return materialize(
        list(defs.assets),
        instance=instance or DagsterInstance.ephemeral(),
        resources=defs.resources,
        run_config=run_config,
        raise_on_error=raise_on_error,
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


def tick_landing_sensor(env: FlywheelEnv, cursor: str | None = None):
    """One evaluation of the landing sensor of ``env``'s definitions (its result:
    a SensorResult or a SkipReason)."""
    defs = definitions(env)
    sensor = defs.get_repository_def().get_sensor_def("landing_sensor")
    context = build_sensor_context(
        instance=DagsterInstance.ephemeral(),
        cursor=cursor,
        resources={"lake": defs.resources["lake"]},
    )
    return sensor(context)
