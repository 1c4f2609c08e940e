"""Atomic, idempotent partition writes: new objects first, then one manifest swap.

A partition folder (e.g. ``raw/events/dt=2024-01-05/``) holds parquet files
named with a per-write token and a ``_manifest.json`` that lists the files of
the current version. Readers read only the files the manifest lists. A write:

1. streams new files under a fresh token (old files stay readable);
2. replaces the manifest in one atomic write (the swap);
3. deletes every file of the folders not in the new manifest (old versions and
   leftovers of killed writes).

A write killed before step 2 leaves the previous version in place; re-running
it gives the same result as a clean run. Nothing is ever half-visible and no
row is duplicated (architecture.md "Raw").
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from flywheel_pipeline.lake.storage import Lake

MANIFEST_NAME = "_manifest.json"


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
    ) -> None:
        self.lake, self.prefix, self.name, self.token = lake, prefix, name, token
        self.schema, self.max_rows_per_file = schema, max_rows_per_file
        self.files: list[str] = []
        self.rows = 0
        self.bytes = 0
        self._stream = self._writer = None
        self._file_rows = 0

    def _open(self) -> None:
        key = f"{self.prefix}/{self.name}-{self.token}-{len(self.files):05d}.parquet"
        self._stream = self.lake.open_output(key)
        self._writer = pq.ParquetWriter(self._stream, self.schema, compression="zstd")
        self.files.append(key)
        self._file_rows = 0

    def _finish_file(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self.bytes += self._stream.tell()
            self._stream.close()
            self._stream = self._writer = None

    def write_rows(self, rows: Sequence[dict[str, Any]]) -> None:
        """Append rows (dicts keyed by the schema's field names)."""
        if rows:
            self.write_batch(pa.RecordBatch.from_pylist(list(rows), schema=self.schema))

    def write_batch(self, batch: pa.RecordBatch) -> None:
        """Append an Arrow record batch with the sink's schema."""
        if batch.num_rows == 0:
            return
        if self._writer is None or self._file_rows >= self.max_rows_per_file:
            self._finish_file()
            self._open()
        self._writer.write_batch(batch)
        self._file_rows += batch.num_rows
        self.rows += batch.num_rows

    def close(self) -> None:
        self._finish_file()


def read_manifest(lake: Lake, prefix: str) -> dict[str, Any] | None:
    """The committed manifest of the partition folder ``prefix``, or None if never written."""
    key = f"{prefix}/{MANIFEST_NAME}"
    if not lake.exists(key):
        return None
    return json.loads(lake.read_bytes(key))


def commit(lake: Lake, prefix: str, manifest: dict[str, Any], folders: Sequence[str]) -> None:
    """Swap in ``manifest`` for ``prefix``, then delete unlisted files under ``folders``.

    ``manifest["files"]`` must list every key (relative to the lake root) that
    belongs to the new version, across all ``folders``.
    """
    lake.write_bytes_atomic(
        f"{prefix}/{MANIFEST_NAME}", json.dumps(manifest, indent=2, sort_keys=True).encode()
    )
    keep = set(manifest["files"]) | {f"{prefix}/{MANIFEST_NAME}"}
    for folder in folders:
        for obj in lake.list_files(folder):
            if obj.key not in keep:
                lake.delete(obj.key)
