"""Rewriting a committed raw partition without some of its rows, atomically
(the erasure and retention jobs, docs/privacy.md).

The new version is written as new files beside the old ones and swapped in
by the partition's manifest (lake/partition.py), like an ingest: a reader sees
the old or the new version, never half of one, and a killed rewrite leaves
the old version. Files without a removed row are kept as they are. The
manifest counts the removed rows under ``erased`` (raw and quarantine), so
its accounting still balances: rows_read = written + quarantined +
duplicates + suppressed + erased.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flywheel_pipeline.lake.layout import (
    RAW,
    arrival_day_of,
    quarantine_prefix,
    raw_prefix,
    source_prefix,
)
from flywheel_pipeline.lake.partition import MANIFEST_NAME, commit, generation, read_manifest
from flywheel_pipeline.lake.storage import Lake

RowsToRemove = Callable[[pa.Table], pa.ChunkedArray | pa.Array]
"""Given a batch of a partition's rows, a boolean mask: True for a row to remove."""


@dataclass
class Rewrite:
    """What one partition rewrite removed: rows of raw and of quarantine, and
    the keys of the files replaced (for the audit record)."""

    prefix: str
    raw_rows: int = 0
    quarantine_rows: int = 0
    files_replaced: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.raw_rows or self.quarantine_rows)


def partition_days(lake: Lake, source: str) -> list[str]:
    """The arrival days with a committed raw partition, sorted."""
    return sorted(
        arrival_day_of(obj.key)
        for obj in lake.list_files(source_prefix(RAW, source))
        if obj.key.endswith(f"/{MANIFEST_NAME}")
    )


def rewrite_partition(
    lake: Lake,
    source: str,
    day: str,
    raw_remove: RowsToRemove | None,
    quarantine_remove: RowsToRemove | None,
    *,
    dry_run: bool = False,
) -> Rewrite:
    """Remove the rows ``raw_remove`` / ``quarantine_remove`` select from the
    committed partition of ``day``; with ``dry_run``, only count them.

    Raises:
        ConcurrentWriteError: an ingest committed the partition meanwhile (run again).
    """
    prefix = raw_prefix(source, day)
    manifest = read_manifest(lake, prefix)
    result = Rewrite(prefix)
    if manifest is None:
        return result
    token = "x" + uuid.uuid4().hex[:11]
    raw_files, result.raw_rows, raw_replaced = _rewrite_files(
        lake, manifest["raw_files"], raw_remove, token, dry_run
    )
    q_files, result.quarantine_rows, q_replaced = _rewrite_files(
        lake, manifest["quarantine_files"], quarantine_remove, token, dry_run
    )
    result.files_replaced = tuple(raw_replaced + q_replaced)
    if dry_run or not result.changed:
        return result
    new = {
        **manifest,
        "writer": token,
        "raw_files": raw_files,
        "quarantine_files": q_files,
        "files": raw_files + q_files,
        "rows_written": manifest["rows_written"] - result.raw_rows,
        "rows_quarantined": manifest["rows_quarantined"] - result.quarantine_rows,
        "erased": manifest.get("erased", 0) + result.raw_rows + result.quarantine_rows,
    }
    new.pop("generation", None)
    commit(
        lake,
        prefix,
        new,
        folders=[prefix, quarantine_prefix(source, day)],
        expected_generation=generation(manifest),
    )
    return result


def _rewrite_files(
    lake: Lake, keys: list[str], remove: RowsToRemove | None, token: str, dry_run: bool
) -> tuple[list[str], int, list[str]]:
    """(the new version's keys, rows removed, keys replaced), one row group at a time."""
    if remove is None:
        return list(keys), 0, []
    kept, removed, replaced = [], 0, []
    for key in keys:
        with lake.open_file(key) as source:
            reader = pq.ParquetFile(source)
            hits = sum(
                pc.sum(pc.cast(remove(reader.read_row_group(g)), pa.int64())).as_py() or 0
                for g in range(reader.num_row_groups)
            )
        if not hits:
            kept.append(key)
            continue
        removed += hits
        replaced.append(key)
        if dry_run:
            continue
        new = key.removesuffix(".parquet") + f"-{token}.parquet"
        with lake.open_file(key) as source, lake.open_output(new) as stream:
            reader = pq.ParquetFile(source)
            with pq.ParquetWriter(stream, reader.schema_arrow, compression="zstd") as writer:
                for group in range(reader.num_row_groups):
                    table = reader.read_row_group(group)
                    table = table.filter(pc.invert(remove(table)))
                    if table.num_rows:
                        writer.write_table(table, row_group_size=table.num_rows)
        kept.append(new)
    return kept, removed, replaced
