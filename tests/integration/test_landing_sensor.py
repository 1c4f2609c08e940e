"""The landing sensor, ticked with build_sensor_context: runs per arrival day, cursor kept."""

from dagster import RunRequest, SkipReason

from flywheel_pipeline.defs.automation.landing_cursor import LandingCursor
from tests.dagster_support import tick_landing_sensor
from tests.support import event


def partition_keys(result):
    return sorted(r.partition_key for r in result.run_requests)


def test_new_files_request_their_arrival_days_once(pipeline_env):
    assert isinstance(tick_landing_sensor(pipeline_env), SkipReason)
    pipeline_env.write_landing(
        "2024-03-01", "a.ndjson", [event("m1", "2024-03-01T10:00:00", user_id="u")]
    )
    pipeline_env.write_landing(
        "2024-03-01", "b.ndjson", [event("m2", "2024-03-01T11:00:00", user_id="u")]
    )
    pipeline_env.write_landing(
        "2024-03-02", "a.ndjson.gz", [event("m3", "2024-03-02T10:00:00", user_id="u")], gz=True
    )
    pipeline_env.lake.write_bytes_atomic("landing/events/dt=2024-03-02/_SUCCESS", b"")
    first = tick_landing_sensor(pipeline_env)
    assert partition_keys(first) == ["2024-03-01", "2024-03-02"]
    assert all(isinstance(r, RunRequest) and r.run_key for r in first.run_requests)
    cursor = LandingCursor.parse(first.cursor)
    assert cursor.mtime_ns > 0

    # nothing new: the next tick skips
    assert isinstance(tick_landing_sensor(pipeline_env, first.cursor), SkipReason)

    # a file arriving between two ticks requests only its own day
    pipeline_env.write_landing(
        "2024-03-03", "a.ndjson", [event("m4", "2024-03-03T10:00:00", user_id="u")]
    )
    third = tick_landing_sensor(pipeline_env, first.cursor)
    assert partition_keys(third) == ["2024-03-03"]
    assert isinstance(tick_landing_sensor(pipeline_env, third.cursor), SkipReason)


def test_files_outside_a_dt_folder_are_not_requested(pipeline_env):
    pipeline_env.lake.write_bytes_atomic("landing/events/loose.ndjson", b"{}\n")
    result = tick_landing_sensor(pipeline_env)
    assert result.run_requests == []
    assert result.cursor  # seen, so not reported again
