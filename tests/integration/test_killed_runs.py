"""A load or a raw write killed half-way, then re-run, gives the same result as a
clean run, on both engines (DuckDB + local lake, PostgreSQL + S3 lake)."""

import datetime as dt

import pytest

from flywheel_pipeline.ingest import raw_partition
from flywheel_pipeline.lake import partition
from flywheel_pipeline.lake.layout import EVENTS_SOURCE
from flywheel_pipeline.warehouse import base as warehouse_base
from tests.support import event

DAY = "2024-03-01"


def land(env, n=5000):
    rows = [event(f"m{i:05d}", "2024-03-01T10:00:00", user_id=f"u{i % 97}") for i in range(n)]
    env.write_landing(DAY, "a.ndjson", rows[: n // 2])
    env.write_landing(DAY, "b.ndjson", rows[n // 2 :])


def snapshot(env):
    return env.query("select * from raw.events order by message_id")


class Killed(BaseException):
    """Stands for SIGKILL: not an Exception, so no handler swallows it."""


def test_a_load_killed_half_way_then_rerun_equals_a_clean_load(pipeline_env, monkeypatch):
    env = pipeline_env
    land(env)
    env.build_raw(DAY)
    env.load(DAY)
    clean = snapshot(env)
    assert len(clean) == 5000

    # the second batch of the reload never arrives: the load dies mid-stream
    real_batches = warehouse_base.raw_batches

    def dying_batches(lake, keys):
        for number, batch in enumerate(real_batches(lake, keys)):
            if number == 1:
                raise Killed()
            yield batch

    monkeypatch.setattr(warehouse_base, "LOAD_BATCH_ROWS", 1000)
    monkeypatch.setattr(warehouse_base, "raw_batches", dying_batches)
    # the drivers (DuckDB, ADBC) surface a failure inside the Arrow stream as their own
    # error, carrying the cause
    with pytest.raises(BaseException, match="Killed"):
        env.load(DAY)
    assert snapshot(env) == clean  # the transaction rolled back: old rows intact

    monkeypatch.setattr(warehouse_base, "raw_batches", real_batches)
    env.load(DAY)
    assert snapshot(env) == clean


def test_a_raw_write_killed_half_way_then_rerun_equals_a_clean_run(pipeline_env, monkeypatch):
    env = pipeline_env
    land(env)
    env.build_raw(DAY)
    clean = env.raw_table(DAY).sort_by("message_id")
    keys_clean = len(env.lake.list_files(f"raw/events/dt={DAY}"))

    # die after half the rows were streamed into new objects, before the swap
    real_sink = raw_partition.ParquetSink

    class DyingSink(real_sink):
        def write_table(self, table):
            super().write_table(table)
            if self.rows >= 2500 and self.name == "part":
                raise Killed()

    monkeypatch.setattr(raw_partition, "ParquetSink", DyingSink)
    with pytest.raises(Killed):
        raw_partition.build_raw_partition(
            env.lake,
            EVENTS_SOURCE,
            dt.date.fromisoformat(DAY),
            env.config,
            env.settings.pii_key.encode(),
            batch_rows=1000,
        )
    assert env.raw_table(DAY).sort_by("message_id").equals(clean)  # readers see the old one
    assert len(env.lake.list_files(f"raw/events/dt={DAY}")) > keys_clean  # leftovers exist

    monkeypatch.setattr(raw_partition, "ParquetSink", real_sink)
    env.build_raw(DAY)
    assert env.raw_table(DAY).sort_by("message_id").equals(clean)
    # the leftovers are never read; they go once older than the grace that protects
    # the files of a concurrent writer (lake/partition.py)
    monkeypatch.setattr(partition, "ORPHAN_GRACE_NS", 0)
    env.build_raw(DAY)
    assert len(env.lake.list_files(f"raw/events/dt={DAY}")) == keys_clean  # cleaned up
    env.load(DAY)
    assert len(snapshot(env)) == 5000
