"""Streaming a dbt invocation into Dagster, with progress lines and table previews.

A model that a reporting view names in ``preview_of`` (dbt manifest, see
``models/reporting/_reporting__models.yml``) gets the view's rows as markdown in
its materialization metadata, so a data engineer sees the funnel steps, the
head of the weekly retention triangle or the segment distribution in the UI.
DuckDB allows no reader beside dbt's writer, so from the first previewed model
on, events are held until dbt has finished, then emitted in dbt's order
(Dagster needs a multi-asset's outputs in topological order). A preview that
fails is logged and never fails the run.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from dagster import AssetExecutionContext, AssetKey, AssetMaterialization, MetadataValue, Output
from dagster_dbt import DbtCliResource, DbtProject, get_asset_key_for_model

from flywheel_pipeline.defs.warehouse.resources import WarehouseResource
from flywheel_pipeline.reporting.reports import Report, load_reports


def _asset_key(context: AssetExecutionContext, event) -> AssetKey | None:
    if isinstance(event, Output):
        return context.asset_key_for_output(event.output_name)
    if isinstance(event, AssetMaterialization):
        return event.asset_key
    return None


def _previews(context: AssetExecutionContext, project: DbtProject) -> dict[AssetKey, Report]:
    selected = context.selected_asset_keys
    previews = {}
    for report in load_reports(project.manifest_path):
        if report.preview_of:
            try:
                key = get_asset_key_for_model([context.assets_def], report.preview_of)
            except KeyError:
                continue
            if key in selected:
                previews[key] = report
    return previews


def indirect_selection_args(context: AssetExecutionContext) -> list[str]:
    """``--indirect-selection buildable``: a test runs in the invocation where all of
    its parents are selected or upstream, so a test across the two asset sets
    (a table mart against an incremental model) runs with the table invocation,
    after both are fresh. Not when Dagster selects checks one by one (some
    checks of a selected asset left out): then Dagster's own selection holds."""
    selected = context.selected_asset_keys
    wanted = {spec.key for spec in context.assets_def.check_specs if spec.asset_key in selected}
    if wanted - set(context.selected_asset_check_keys):
        return []
    return ["--indirect-selection", "buildable"]


def stream_with_previews(
    context: AssetExecutionContext,
    dbt: DbtCliResource,
    args: list[str],
    project: DbtProject,
    warehouse: WarehouseResource,
) -> Iterator:
    """Run ``dbt <args>`` for the selected assets; yield its events, logging each
    built model with its elapsed time, and the previews (see the module doc)."""
    previews = _previews(context, project)
    started, built, total = time.monotonic(), 0, len(context.selected_asset_keys)
    held: list = []
    try:
        invocation = dbt.cli([*args, *indirect_selection_args(context)], context=context)
        for event in invocation.stream():
            key = _asset_key(context, event)
            if key is not None:
                built += 1
                context.log.info(
                    f"dbt built {key.to_user_string()} ({built}/{total}, "
                    f"{time.monotonic() - started:.0f} s)"
                )
            if held or key in previews:
                held.append((key, event))
            else:
                yield event
    except Exception:
        yield from (event for _, event in held)  # what dbt did build stays recorded
        raise
    yield from _with_previews(context, warehouse, previews, held)


def _with_previews(context, warehouse: WarehouseResource, previews: dict, held: list):
    if not held:
        return
    try:
        connection = warehouse.connect(read_only=True)
    except Exception as exc:  # a preview never fails the run
        context.log.warning(f"table previews skipped: {exc}")
        yield from (event for _, event in held)
        return
    try:
        for key, event in held:
            report = previews.get(key)
            if report is None:
                yield event
                continue
            try:
                extra = {report.preview_name: MetadataValue.md(report.fetch_markdown(connection))}
            except Exception as exc:
                context.log.warning(f"preview of {key.to_user_string()} skipped: {exc}")
                extra = {}
            yield event.with_metadata({**event.metadata, **extra})
    finally:
        connection.close()
