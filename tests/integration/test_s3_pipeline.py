"""The S3 code path end to end, against a real S3-compatible server (SeaweedFS):
replay into landing, raw + quarantine, warehouse load, dbt, and the sensor."""

import datetime as dt
import uuid

import pytest

from flywheel_pipeline.replay.replay import ReplayPlan, replay_csv
from flywheel_pipeline.settings import PROJECT_ROOT
from tests.dagster_support import (
    failed_checks,
    materialization_metadata,
    run_pipeline,
    tick_landing_sensor,
)
from tests.servers.seaweedfs import ACCESS_KEY, BUCKET, SECRET_KEY
from tests.support import event, make_env

pytestmark = pytest.mark.s3
SAMPLE = PROJECT_ROOT / "data" / "samples" / "ecom"


@pytest.fixture
def s3_env(tmp_path, monkeypatch, s3_endpoint):
    env = make_env(
        tmp_path,
        monkeypatch,
        FLYWHEEL_LAKE_URL=f"s3://{BUCKET}/test-{uuid.uuid4().hex[:8]}",
        FLYWHEEL_S3_ENDPOINT=s3_endpoint,
        AWS_ACCESS_KEY_ID=ACCESS_KEY,
        AWS_SECRET_ACCESS_KEY=SECRET_KEY,
    )
    assert not env.lake.is_local
    return env


def test_pipeline_runs_end_to_end_on_s3(s3_env, tmp_path):
    # a slice of the sample: the first 2,000 rows
    lines = __import__("gzip").open(SAMPLE / "ecom.csv.gz", "rt").read().splitlines()[:2001]
    path = tmp_path / "slice.csv"
    path.write_text("\n".join(lines) + "\n")
    replayed = replay_csv(s3_env.lake, path, ReplayPlan.load(SAMPLE / "replay.yml"))
    assert replayed.rows == 2000 and replayed.files_written > 0
    days = sorted({f.key.split("dt=")[1][:10] for f in s3_env.lake.list_files("landing/events")})
    # one bad row on S3 as well
    s3_env.write_landing(
        days[0],
        "zz-bad.ndjson",
        ["{oops", event("s3-good", f"{days[0]}T12:00:00", user_id="s3-user")],
    )

    sensor = tick_landing_sensor(s3_env)
    assert sorted(r.partition_key for r in sensor.run_requests) == days

    result = run_pipeline(s3_env, days[0], days[-1])
    assert result.success and failed_checks(result) == []
    meta = materialization_metadata(result, "raw_events")
    assert (meta["rows_read"], meta["rows_written"], meta["rows_quarantined"]) == (2002, 2001, 1)
    assert meta["lake"].startswith(f"s3://{BUCKET}/test-")

    keys = [f.key for f in s3_env.lake.list_files("raw/events")]
    assert any(k.endswith("_manifest.json") for k in keys)
    assert all(k.endswith((".parquet", "_manifest.json")) for k in keys)
    assert s3_env.lake.list_files(f"quarantine/events/dt={days[0]}")
    assert s3_env.query("select count(*) from raw.events") == [(2001,)]
    assert s3_env.query("select count(*) from marts.fct_events") == [(2001,)]
    [(first, last)] = s3_env.query(
        "select min(metric_date), max(metric_date) from marts.metrics_daily"
    )
    assert first <= dt.date.fromisoformat(days[0]) <= last

    # re-materializing on S3 replaces, never duplicates
    again = run_pipeline(s3_env, days[0], days[-1])
    assert again.success
    assert s3_env.query("select count(*) from raw.events") == [(2001,)]
    assert [f.key for f in s3_env.lake.list_files("raw/events")] != keys  # swapped objects
    assert len(s3_env.lake.list_files("raw/events")) == len(keys)


def test_sensor_on_s3_pages_through_more_keys_than_one_listing(s3_env):
    from concurrent.futures import ThreadPoolExecutor

    from flywheel_pipeline.defs.automation.landing_cursor import LandingCursor, new_files

    days = ["2024-03-01", "2024-03-02", "2024-03-03", "2024-03-04"]
    keys = [f"landing/events/dt={days[i % 4]}/batch-{i:05d}.ndjson" for i in range(1200)]
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda k: s3_env.lake.write_bytes_atomic(k, b"{}\n"), keys))

    listing = s3_env.lake.list_files("landing/events")
    assert [f.key for f in listing] == sorted(keys)  # S3 lists 1,000 keys a page
    fresh, cursor = new_files(listing, LandingCursor())
    assert len(fresh) == 1200

    def tick(cursor_text):
        return tick_landing_sensor(s3_env, cursor_text)

    first = tick(None)
    assert sorted(r.partition_key for r in first.run_requests) == days
    # keys arriving between two ticks, one of them into an older arrival folder
    late = ["landing/events/dt=2024-03-02/late-1.ndjson", "landing/events/dt=2024-03-05/a.ndjson"]
    for key in late:
        s3_env.lake.write_bytes_atomic(key, b"{}\n")
    second = tick(first.cursor)
    assert sorted(r.partition_key for r in second.run_requests) == ["2024-03-02", "2024-03-05"]
    assert set(late) <= set(LandingCursor.parse(second.cursor).recent)
    third = tick(second.cursor)
    assert getattr(third, "run_requests", None) in (None, [])  # nothing new: a SkipReason
