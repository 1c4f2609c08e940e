"""Replay: deterministic ids and arrival times, grouped by arrival day, idempotent."""

import datetime as dt
import gzip
import json

from flywheel_pipeline.config import ColumnMapping
from flywheel_pipeline.replay.replay import ReplayPlan, arrival_delay, replay_csv

CSV = b"""user_id,event,timestamp,platform
u1,home,2024-03-01 23:59:58,ios
u1,cart,2024-03-01 10:00:00,ios
u2,home,2024-03-02 08:00:00,web
"""
PLAN = ReplayPlan(
    dataset="tiny",
    mapping=ColumnMapping(
        columns={"user_id": "user_id", "event": "event", "timestamp": "timestamp"},
        context={"device.type": "platform"},
        constants={"type": "track"},
    ),
    late_share=0.0,
)


def landed(env):
    rows = []
    for f in env.lake.list_files("landing/events"):
        for line in gzip.decompress(env.lake.read_bytes(f.key)).splitlines():
            rows.append((f.key, json.loads(line)))
    return rows


def test_replay_lands_events_by_arrival_day_and_twice_lands_nothing_new(flywheel_env, tmp_path):
    path = tmp_path / "tiny.csv"
    path.write_bytes(CSV)
    first = replay_csv(flywheel_env.lake, path, PLAN)
    assert (first.rows, first.files_written, first.files_unchanged) == (3, 2, 0)
    rows = landed(flywheel_env)
    by_day = {}
    for key, row in rows:
        received = dt.datetime.fromisoformat(row["received_at"])
        assert f"dt={received.date()}" in key
        # sent_at = received_at, so the corrected event time equals the timestamp
        assert row["sent_at"] == row["received_at"]
        assert (
            dt.timedelta(seconds=1)
            <= received - dt.datetime.fromisoformat(row["timestamp"])
            <= dt.timedelta(seconds=31)
        )
        by_day.setdefault(str(received.date()), []).append(row["event"])
    # the 23:59:58 event arrives after midnight: it lands in the next arrival day
    assert by_day == {"2024-03-01": ["cart"], "2024-03-02": ["home", "home"]}
    assert rows[0][1]["context"] == {"device": {"type": "ios"}}

    second = replay_csv(flywheel_env.lake, path, PLAN)
    assert (second.files_written, second.files_unchanged) == (0, 2)
    assert landed(flywheel_env) == rows  # same ids, same times, same bytes


def test_late_share_and_delays_are_deterministic():
    ids = [f"m{i}" for i in range(2000)]
    delays = [arrival_delay(i, 0.1, 72) for i in ids]
    assert delays == [arrival_delay(i, 0.1, 72) for i in ids]
    late = [d for d in delays if d >= dt.timedelta(hours=1)]
    assert 150 < len(late) < 250  # about 10 %
    assert max(late) <= dt.timedelta(hours=72)
    assert all(d <= dt.timedelta(seconds=31) for d in delays if d < dt.timedelta(hours=1))
