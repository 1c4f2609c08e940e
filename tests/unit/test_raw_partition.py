"""Raw partitions: dedup within and across files, row accounting, atomic re-runs."""

import pyarrow.compute as pc
import pytest

from flywheel_pipeline.ingest import raw_partition
from flywheel_pipeline.ingest.raw_partition import count_committed_rows
from flywheel_pipeline.lake import partition
from tests.support import event

DAY = "2024-03-01"


def ids(table):
    return sorted(table.column("message_id").to_pylist())


def test_duplicates_within_and_across_files_are_counted_and_dropped(flywheel_env):
    flywheel_env.write_landing(
        DAY,
        "a.ndjson",
        [
            event("m1", "2024-03-01T10:00:00", user_id="u1"),
            event("m2", "2024-03-01T10:01:00", user_id="u1"),
            event("m1", "2024-03-01T10:00:00", user_id="u1", name="search"),  # same file
        ],
    )
    flywheel_env.write_landing(
        DAY,
        "b.ndjson",
        [
            event("m2", "2024-03-01T10:01:00", user_id="u1"),  # across files
            event("m3", "2024-03-01T10:02:00", user_id="u2"),
        ],
    )
    result = flywheel_env.build_raw(DAY)
    assert (result.rows_read, result.rows_written, result.duplicates, result.rows_quarantined) == (
        5,
        3,
        2,
        0,
    )
    table = flywheel_env.raw_table(DAY)
    assert ids(table) == ["m1", "m2", "m3"]
    # the first copy wins (file order, then line order)
    first = table.filter(pc.equal(table.column("message_id"), "m1"))
    assert first.column("event").to_pylist() == ["home"]
    assert first.column("_source_file").to_pylist() == [f"landing/events/dt={DAY}/a.ndjson"]


def test_every_row_is_accounted_for(flywheel_env):
    flywheel_env.write_landing(
        DAY,
        "a.ndjson",
        [
            event("m1", "2024-03-01T10:00:00", user_id="u1"),
            "{not json",
            event("m2", "2024-03-01T10:00:00", name="teleported", user_id="u1"),
            event("m1", "2024-03-01T10:00:00", user_id="u1"),
        ],
    )
    result = flywheel_env.build_raw(DAY)
    counts = count_committed_rows(flywheel_env.lake, "events", result.arrival_date)
    assert counts == {
        "rows_read": 4,
        "raw": 1,
        "quarantine": 2,
        "duplicates": 1,
        "suppressed": 0,
        "erased": 0,
    }
    assert result.balanced
    quarantine = flywheel_env.raw_table(DAY, "quarantine_files")
    assert sorted(quarantine.column("reason").to_pylist()) == ["invalid_json", "unknown_event"]


def test_rerun_replaces_the_partition_and_leaves_no_old_files(flywheel_env):
    flywheel_env.write_landing(DAY, "a.ndjson", [event("m1", "2024-03-01T10:00:00", user_id="u1")])
    first = flywheel_env.build_raw(DAY)
    second = flywheel_env.build_raw(DAY)
    assert first.raw_files != second.raw_files  # new objects, then the swap
    listed = [f.key for f in flywheel_env.lake.list_files(f"raw/events/dt={DAY}")]
    assert listed == sorted([*second.raw_files, f"raw/events/dt={DAY}/_manifest.json"])
    assert ids(flywheel_env.raw_table(DAY)) == ["m1"]


def test_a_write_killed_before_the_swap_leaves_the_old_version(flywheel_env, monkeypatch):
    flywheel_env.write_landing(DAY, "a.ndjson", [event("m1", "2024-03-01T10:00:00", user_id="u1")])
    flywheel_env.build_raw(DAY)
    flywheel_env.write_landing(DAY, "b.ndjson", [event("m2", "2024-03-01T11:00:00", user_id="u2")])

    def killed(*args, **kwargs):
        raise KeyboardInterrupt("killed before the manifest swap")

    monkeypatch.setattr(raw_partition, "commit", killed)
    with pytest.raises(KeyboardInterrupt):
        flywheel_env.build_raw(DAY)
    monkeypatch.undo()
    # readers still see the old, complete version, although new files were written
    assert ids(flywheel_env.raw_table(DAY)) == ["m1"]
    assert len(flywheel_env.lake.list_files(f"raw/events/dt={DAY}")) == 3
    # the re-run gives the clean result; the leftovers are never read, and go once
    # older than the grace that protects a concurrent writer's files
    flywheel_env.build_raw(DAY)
    assert ids(flywheel_env.raw_table(DAY)) == ["m1", "m2"]
    monkeypatch.setattr(partition, "ORPHAN_GRACE_NS", 0)
    flywheel_env.build_raw(DAY)
    assert ids(flywheel_env.raw_table(DAY)) == ["m1", "m2"]
    assert len(flywheel_env.lake.list_files(f"raw/events/dt={DAY}")) == 2
