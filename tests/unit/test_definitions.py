"""The code location: a snapshot of what it defines (asset keys, groups,
partitions, checks, jobs, schedules, sensors; dagster-open-platform keeps one),
the nightly schedule, and resources built from the settings with secrets as
EnvVar.

After an intended change to the definitions, rewrite the snapshot with
``pytest tests/unit/test_definitions.py --update-snapshots`` and review the diff.
"""

import datetime as dt
import json
from pathlib import Path

from dagster import AssetKey, EnvVar, build_schedule_context

from flywheel_pipeline.defs.automation.schedules import nightly_pipeline
from flywheel_pipeline.defs.build import build_definitions
from flywheel_pipeline.settings import Settings

SNAPSHOT = Path(__file__).parent / "snapshots" / "definitions.json"


def describe(defs) -> dict:
    repo = defs.get_repository_def()
    graph = repo.asset_graph
    assets = {}
    for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string()):
        node = graph.get(key)
        partitions = node.partitions_def
        assets[key.to_user_string()] = {
            "group": node.group_name,
            "partitions": type(partitions).__name__ if partitions else None,
            "checks": sorted(c.name for c in graph.asset_check_keys if c.asset_key == key),
        }
    return {
        "assets": assets,
        "jobs": sorted(j.name for j in repo.get_all_jobs() if not j.name.startswith("__")),
        "schedules": sorted(s.name for s in repo.schedule_defs),
        "sensors": sorted(s.name for s in repo.sensor_defs),
        "resources": sorted(defs.resources),
    }


def test_definitions_match_the_snapshot(request):
    got = describe(build_definitions(Settings.from_env({})))
    if request.config.getoption("--update-snapshots"):
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(json.dumps(got, indent=2, sort_keys=True) + "\n")
    assert got == json.loads(SNAPSHOT.read_text())


def test_only_the_arrival_window_models_carry_partitions():
    graph = build_definitions(Settings.from_env({})).get_repository_def().asset_graph
    partitioned = {
        k.to_user_string() for k in graph.get_all_asset_keys() if graph.get(k).partitions_def
    }
    assert partitioned == {
        "raw_events",
        "raw_events_table",
        "raw_events_retracted",
        "staging/stg_events",
        "intermediate/int_identity_map",
        "intermediate/int_touched_event_dates",
        "intermediate/int_active_users_daily",
        "intermediate/int_user_segment_days",
        "marts/fct_events",
        "marts/fct_user_daily",
        "marts/dim_users",
        "marts/fct_sessions",
        "marts/fct_funnel_progress",
        "marts/fct_user_segments",
    }
    # the dbt sources raw.events and raw.events_retracted are the warehouse load's
    # assets, not separate stubs
    stg = graph.get(AssetKey(["staging", "stg_events"]))
    assert {AssetKey("raw_events_table"), AssetKey("raw_events_retracted")} <= stg.parent_keys


def test_the_nightly_job_runs_everything_for_yesterdays_arrival_day():
    repo = build_definitions(Settings.from_env({})).get_repository_def()
    nightly = repo.get_job("daily_pipeline")
    assert AssetKey(["marts", "key_metrics"]) in nightly.asset_layer.selected_asset_keys
    context = build_schedule_context(
        scheduled_execution_time=dt.datetime(2024, 3, 2, 2, 0, tzinfo=dt.UTC)
    )
    request = nightly_pipeline(context)
    assert request.partition_key == "2024-03-01"
    assert request.run_key == "nightly:2024-03-01"


def test_resources_come_from_the_settings_with_secrets_as_env_vars(monkeypatch, tmp_path):
    monkeypatch.setenv("FLYWHEEL_PII_KEY", "a-real-key-of-at-least-thirty-two-bytes")
    monkeypatch.setenv("FLYWHEEL_LAKE_URL", (tmp_path / "lake").as_uri())
    monkeypatch.setenv("FLYWHEEL_BATCH_ROWS", "1234")
    resources = build_definitions(Settings.from_env()).resources
    assert resources["lake"].url == (tmp_path / "lake").as_uri()
    assert resources["ingest"].batch_rows == 1234
    assert resources["ingest"].pii_key == EnvVar("FLYWHEEL_PII_KEY")  # never shown in the UI
    assert resources["warehouse"].target == "duckdb"
    assert resources["dbt"].target == "duckdb"  # an explicit target, as the settings say
