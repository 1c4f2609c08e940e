"""The code location loads, groups follow the layers and marts domains, and the
schedule asks for yesterday."""

import datetime as dt

from dagster import AssetKey, build_schedule_context

from flywheel_pipeline.definitions import defs
from flywheel_pipeline.defs.automation.schedules import nightly_pipeline


def test_definitions_load_with_layered_groups_and_the_source_mapped():
    repo = defs.get_repository_def()
    graph = repo.asset_graph
    groups = {k.to_user_string(): graph.get(k).group_name for k in graph.get_all_asset_keys()}
    assert groups["raw_events"] == groups["raw_events_table"] == "raw"
    assert groups["staging/stg_events"] == "staging"
    assert groups["intermediate/int_identity_map"] == "intermediate"
    assert groups["marts/fct_events"] == groups["marts/dim_users"] == "core"
    domains = {
        "metrics": ["metrics_daily", "metrics_weekly", "key_metrics"],
        "sessions": ["fct_sessions"],
        "funnels": ["fct_funnel_progress", "funnel_conversion_daily", "funnel_overview"],
        "retention": ["retention_cohorts", "retention_summary"],
        "lifecycle": ["lifecycle_daily", "lifecycle_weekly"],
        "segments": [
            "fct_user_segments",
            "dim_user_segments_current",
            "segment_distribution_daily",
        ],
    }
    for group, models in domains.items():
        assert {groups[f"marts/{m}"] for m in models} == {group}
    # the nightly job covers every asset, the new marts included
    nightly = repo.get_job("daily_pipeline")
    assert AssetKey(["marts", "key_metrics"]) in nightly.asset_layer.selected_asset_keys
    # the dbt source raw.events is the warehouse load asset, not a separate stub
    stg = graph.get(AssetKey(["staging", "stg_events"]))
    assert AssetKey("raw_events_table") in stg.parent_keys
    # dbt tests are asset checks
    assert any(c.asset_key == AssetKey(["marts", "metrics_daily"]) for c in graph.asset_check_keys)
    assert {j.name for j in repo.get_all_jobs()} >= {"ingest_landing", "daily_pipeline"}


def test_nightly_schedule_runs_yesterdays_arrival_day():
    context = build_schedule_context(
        scheduled_execution_time=dt.datetime(2024, 3, 2, 2, 0, tzinfo=dt.UTC)
    )
    request = nightly_pipeline(context)
    assert request.partition_key == "2024-03-01"
    assert request.run_key == "nightly:2024-03-01"
