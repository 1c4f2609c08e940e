"""Atomic, idempotent partition writes: new objects first, then one manifest swap.

A partition folder (e.g. ``raw/events/dt=2024-01-05/``) holds parquet files
named with a per-write token and a ``_manifest.json`` that lists the files of
the current version. Readers read only the files the manifest lists. A write:

1. notes the ``generation`` of the committed manifest it starts from;
2. streams new files under a fresh token (old files stay readable);
3. commits: if the committed generation is still the one it started from and
   every file it lists exists, replaces the manifest in one atomic write (the
   swap) with the next generation; otherwise raises
   :class:`ConcurrentWriteError` and changes nothing;
4. deletes the files of the version it replaced, and the unlisted files of
   the folders older than ORPHAN_GRACE (leftovers of killed writes); never the
   files of a writer still at work.

A write killed before step 3 leaves the previous version in place; re-running
it gives the same result as a clean run. Nothing is ever half-visible, no row
is duplicated, and of two concurrent writers of one partition one commits and
the other fails (architecture.md "Raw"; docs/decisions.md "Concurrent writers").
On a local lake step 3 holds an exclusive lock (``_locks/<prefix>.lock``); on S3 the
writer re-reads the manifest after the swap and fails if another writer's
manifest replaced it.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from flywheel_pipeline.lake.storage import Lake

MANIFEST_NAME = "_manifest.json"
ORPHAN_GRACE_NS = 3600 * 10**9  # a write in progress is younger than this (1 hour)
LOCKS = "_locks"  # local lake: <root>/_locks/<partition prefix>.lock, outside the data


class ConcurrentWriteError(RuntimeError):
    """Another writer committed the partition (or removed this writer's files)
    while this one was writing; nothing of this write was committed."""


class ParquetSink:
    """Streams rows into ``<prefix>/<name>-<token>-NNNNN.parquet`` files of at most
    ``max_rows_per_file`` rows. Call :meth:`close` to finish the last file."""

    def __init__(
        self,
        lake: Lake,
        prefix: str,
        name: str,
        token: str,
        schema: pa.Schema,
        max_rows_per_file: int = 1_000_000,
        low_cardinality: Sequence[str] | None = None,
        statistics: Sequence[str] | None = None,
    ) -> None:
        self.lake, self.prefix, self.name, self.token = lake, prefix, name, token
        self.schema, self.max_rows_per_file = schema, max_rows_per_file
        # dictionary encoding and min/max statistics only where they pay (None: all)
        self.options: dict[str, Any] = {"compression": "zstd"}
        if low_cardinality is not None:
            self.options["use_dictionary"] = list(low_cardinality)
        if statistics is not None:
            self.options["write_statistics"] = list(statistics)
        self.files: list[str] = []
        self.sizes: list[int] = []  # bytes of each finished file, as files
        self.rows = 0
        self._stream = self._writer = None
        self._file_rows = 0

    def _open(self) -> None:
        key = f"{self.prefix}/{self.name}-{self.token}-{len(self.files):05d}.parquet"
        self._stream = self.lake.open_output(key)
        self._writer = pq.ParquetWriter(self._stream, self.schema, **self.options)
        self.files.append(key)
        self._file_rows = 0

    def _finish_file(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self.sizes.append(self._stream.tell())
            self._stream.close()
            self._stream = self._writer = None

    def write_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Append rows (dicts keyed by the schema's field names)."""
        if rows:
            self.write_batch(pa.RecordBatch.from_pylist(list(rows), schema=self.schema))

    def write_batch(self, batch: pa.RecordBatch) -> None:
        """Append an Arrow record batch with the sink's schema."""
        self.write_table(pa.Table.from_batches([batch]))

    def write_table(self, table: pa.Table) -> None:
        """Append an Arrow table with the sink's schema (one row group per call)."""
        if table.num_rows == 0:
            return
        if self._writer is None or self._file_rows >= self.max_rows_per_file:
            self._finish_file()
            self._open()
        self._writer.write_table(table, row_group_size=table.num_rows)
        self._file_rows += table.num_rows
        self.rows += table.num_rows

    def close(self) -> None:
        self._finish_file()

    @property
    def bytes(self) -> int:
        """Bytes of the finished files."""
        return sum(self.sizes)

    def rewrite_without(self, index: int, rows: np.ndarray) -> None:
        """Replace the closed file ``files[index]`` by a copy without the rows at
        ``rows`` (sorted row numbers), streamed one row group at a time."""
        old = self.files[index]
        new = old.removesuffix(".parquet") + "-r.parquet"
        with self.lake.open_file(old) as source, self.lake.open_output(new) as stream:
            reader = pq.ParquetFile(source)
            with pq.ParquetWriter(stream, self.schema, **self.options) as writer:
                start = 0
                for group in range(reader.num_row_groups):
                    table = reader.read_row_group(group)
                    end = start + table.num_rows
                    drop = rows[(rows >= start) & (rows < end)] - start
                    if len(drop):
                        keep = np.ones(table.num_rows, dtype=bool)
                        keep[drop] = False
                        table = table.filter(pa.array(keep))
                    if table.num_rows:
                        writer.write_table(table, row_group_size=table.num_rows)
                    start = end
            self.sizes[index] = stream.tell()
        self.lake.delete(old)
        self.files[index] = new
        self.rows -= len(rows)


def read_manifest(lake: Lake, prefix: str) -> dict[str, Any] | None:
    """The committed manifest of the partition folder ``prefix``, or None if never written."""
    key = f"{prefix}/{MANIFEST_NAME}"
    if not lake.exists(key):
        return None
    return json.loads(lake.read_bytes(key))


def generation(manifest: dict[str, Any] | None) -> int:
    """The version number of a committed manifest (0: never committed)."""
    return 0 if manifest is None else int(manifest.get("generation", 1))


@contextlib.contextmanager
def _commit_lock(lake: Lake, prefix: str) -> Iterator[None]:
    """An exclusive lock of the partition's commit on a local lake; none on S3."""
    if not lake.is_local:
        yield
        return
    path = lake.path(f"{LOCKS}/{prefix}.lock")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def commit(
    lake: Lake,
    prefix: str,
    manifest: dict[str, Any],
    folders: Sequence[str],
    expected_generation: int,
) -> None:
    """Swap in ``manifest`` for ``prefix`` if the committed generation is still
    ``expected_generation``, then delete older unlisted files under ``folders``.

    ``folders`` include ``prefix``. ``manifest["files"]`` must list every key
    (relative to the lake root) that belongs to the new version, across all
    ``folders``; ``manifest["writer"]`` identifies this write.

    Raises:
        ConcurrentWriteError: another writer committed first, or a listed file is gone.
    """
    key = f"{prefix}/{MANIFEST_NAME}"
    new = {**manifest, "generation": expected_generation + 1}
    with _commit_lock(lake, prefix):
        previous = read_manifest(lake, prefix)
        current = generation(previous)
        if current != expected_generation:
            raise ConcurrentWriteError(
                f"{lake.url}/{prefix}: another run committed generation {current} while this "
                f"one was writing on generation {expected_generation}; this write was not "
                "committed (materialize the partition again)"
            )
        missing = [k for k in manifest["files"] if not lake.exists(k)]
        if missing:
            raise ConcurrentWriteError(
                f"{lake.url}/{prefix}: files of this write were removed by a concurrent "
                f"writer: {missing[:3]}; nothing was committed"
            )
        lake.write_bytes_atomic(key, json.dumps(new, indent=2, sort_keys=True).encode())
    committed = read_manifest(lake, prefix)
    if committed is None or committed.get("writer") != manifest.get("writer"):
        raise ConcurrentWriteError(
            f"{lake.url}/{prefix}: another run replaced this write's manifest; "
            "materialize the partition again"
        )
    listings = [lake.list_files(folder) for folder in folders]
    swapped_at = next(f.mtime_ns for files in listings for f in files if f.key == key)
    keep = set(manifest["files"]) | {key}
    replaced = set(previous["files"]) if previous else set()
    for files in listings:
        for obj in files:
            orphan = obj.mtime_ns <= swapped_at - ORPHAN_GRACE_NS
            if obj.key not in keep and (obj.key in replaced or orphan):
                # a concurrent writer that replaced the same version may delete it first
                with contextlib.suppress(FileNotFoundError):
                    lake.delete(obj.key)


def write_version(lake: Lake, prefix: str, table: pa.Table, writer: str) -> dict[str, Any]:
    """Write ``table`` (one partition's rows) as a new committed version of
    ``prefix`` and return its manifest: the whole write of a partition for
    benchmarks and tests, which have no quarantine beside it.

    Raises:
        ConcurrentWriteError: another writer committed the partition meanwhile.
    """
    started = generation(read_manifest(lake, prefix))
    sink = ParquetSink(lake, prefix, "part", writer, table.schema)
    for batch in table.to_batches(max_chunksize=50_000):
        sink.write_batch(batch)
    sink.close()
    manifest = {"files": sink.files, "raw_files": sink.files, "rows_written": sink.rows}
    commit(lake, prefix, manifest, folders=[prefix], expected_generation=started)
    return manifest
