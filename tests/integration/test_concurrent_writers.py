"""Two materializations of one raw partition at once, on both lakes (local, S3):
one commits, the other fails naming the conflict, and the partition is intact and
equals a single run's. Dagster keeps them apart in the first place (pool
``raw_writes``, one slot in every shipped instance config)."""

import datetime as dt
import threading
from pathlib import Path

import yaml

from flywheel_pipeline.defs.lake.assets import build_raw_events_asset
from flywheel_pipeline.defs.partitions import arrival_day_partitions
from flywheel_pipeline.defs.pools import RAW_WRITES_POOL
from flywheel_pipeline.ingest import raw_partition
from flywheel_pipeline.lake.partition import ConcurrentWriteError, read_manifest
from flywheel_pipeline.settings import PROJECT_ROOT
from tests.support import event

DAY = "2024-03-01"


def test_two_concurrent_writers_leave_one_intact_version(pipeline_env, monkeypatch):
    env = pipeline_env
    rows = [event(f"m{i:04d}", "2024-03-01T10:00:00", user_id=f"u{i % 7}") for i in range(3000)]
    env.write_landing(DAY, "a.ndjson", rows[:1500])
    env.write_landing(DAY, "b.ndjson", rows[1500:])
    single = env.build_raw(DAY)
    expected = sorted(env.raw_table(DAY).column("message_id").to_pylist())

    # both writers have written all their files before either commits
    barrier, real_commit = threading.Barrier(2), raw_partition.commit

    def commit_together(*args, **kwargs):
        barrier.wait(timeout=60)
        return real_commit(*args, **kwargs)

    monkeypatch.setattr(raw_partition, "commit", commit_together)
    outcomes: list = []

    def write() -> None:
        try:
            outcomes.append(env.build_raw(DAY))
        except ConcurrentWriteError as exc:
            outcomes.append(exc)

    threads = [threading.Thread(target=write) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)

    assert len(outcomes) == 2
    failures = [o for o in outcomes if isinstance(o, ConcurrentWriteError)]
    assert len(failures) <= 1, failures  # at most one loser; on S3 a later swap may win
    manifest = read_manifest(env.lake, f"raw/events/dt={DAY}")
    assert all(env.lake.exists(key) for key in manifest["files"])  # nothing listed is gone
    table = env.raw_table(DAY)
    assert sorted(table.column("message_id").to_pylist()) == expected
    assert manifest["rows_written"] == single.rows_written == 3000
    assert env.load(DAY) == 3000  # the next load reads a whole partition


def test_raw_writes_are_one_at_a_time_in_every_shipped_instance():
    asset = build_raw_events_asset(arrival_day_partitions(dt.date(2024, 1, 1)))
    assert asset.op.pool == RAW_WRITES_POOL
    for path in (
        PROJECT_ROOT / "deploy" / "dagster.yaml",
        PROJECT_ROOT / "deploy" / "local" / "dagster.yaml",
    ):
        instance = yaml.safe_load(Path(path).read_text())
        assert instance["concurrency"]["pools"]["default_limit"] == 1
        assert instance["run_monitoring"]["enabled"] is True
        assert instance["run_monitoring"]["free_slots_after_run_end_seconds"] > 0
