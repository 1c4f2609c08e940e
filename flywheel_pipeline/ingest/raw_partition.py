"""Build one raw partition (one source, one arrival day) from its landing files.

Every landing row ends up in exactly one of: raw (accepted, first copy of its
``message_id``), quarantine (rejected, with a reason naming file, line and
field), or the duplicate count. :func:`build_raw_partition` writes the raw and
quarantine files and commits them together with one manifest swap, so the
partition is replaced atomically and a re-run gives the same rows.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pyarrow.parquet as pq

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.contract.pii import Scrubber
from flywheel_pipeline.contract.reasons import Reason, Rejection
from flywheel_pipeline.contract.schema import QUARANTINE_SCHEMA, RAW_EVENT_SCHEMA
from flywheel_pipeline.contract.validation import ContractValidator
from flywheel_pipeline.lake.layout import landing_prefix, quarantine_prefix, raw_prefix
from flywheel_pipeline.lake.partition import ParquetSink, commit, generation, read_manifest
from flywheel_pipeline.lake.readers import (
    FileFault,
    Limits,
    RowBatch,
    is_hidden,
    read_landing_file,
)
from flywheel_pipeline.lake.storage import Lake, LakeFile

RAW_RECORD_LIMIT = 4096
PREVIEW_ROWS = 5


@dataclass
class RawPartitionResult:
    """Row accounting of one raw partition build.

    ``rows_read`` counts every row read plus one per landing file rejected as a
    whole (its one quarantine record), so that rows_read = rows_written +
    rows_quarantined + duplicates always holds.
    """

    source: str
    arrival_date: dt.date
    rows_read: int = 0
    rows_written: int = 0
    rows_quarantined: int = 0
    duplicates: int = 0
    bytes_written: int = 0
    files_read: list[str] = field(default_factory=list)
    files_rejected: dict[str, str] = field(default_factory=dict)
    raw_files: list[str] = field(default_factory=list)
    quarantine_files: list[str] = field(default_factory=list)
    reasons: Counter = field(default_factory=Counter)
    preview: list[dict[str, Any]] = field(default_factory=list)
    quarantine_preview: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        """rows read = written + quarantined + duplicates."""
        return self.rows_read == self.rows_written + self.rows_quarantined + self.duplicates

    def manifest(self, writer: str) -> dict[str, Any]:
        return {
            "writer": writer,
            "source": self.source,
            "arrival_date": self.arrival_date.isoformat(),
            "rows_read": self.rows_read,
            "rows_written": self.rows_written,
            "rows_quarantined": self.rows_quarantined,
            "duplicates": self.duplicates,
            "bytes_written": self.bytes_written,
            "files_read": self.files_read,
            "files_rejected": self.files_rejected,
            "raw_files": self.raw_files,
            "quarantine_files": self.quarantine_files,
            "files": self.raw_files + self.quarantine_files,
            "reasons": dict(sorted(self.reasons.items())),
        }


class _PartitionWriter:
    """Routes validated rows of one partition to raw, quarantine or the duplicate count."""

    def __init__(self, lake: Lake, source: str, day: dt.date, validator, batch_rows: int):
        self.day, self.validator, self.batch_rows = day, validator, batch_rows
        self.token = uuid.uuid4().hex[:12]
        self.result = RawPartitionResult(source, day)
        self.raw = ParquetSink(lake, raw_prefix(source, day), "part", self.token, RAW_EVENT_SCHEMA)
        self.quarantine = ParquetSink(
            lake, quarantine_prefix(source, day), "quarantine", self.token, QUARANTINE_SCHEMA
        )
        self.seen: set[str] = set()
        self.raw_buf: list[dict[str, Any]] = []
        self.q_buf: list[dict[str, Any]] = []

    def reject(self, rejection: Rejection, kept: str | None) -> None:
        result = self.result
        result.rows_read += 1
        result.rows_quarantined += 1
        result.reasons[str(rejection.reason)] += 1
        message = self.validator.scrubber.mask(rejection.message)
        if len(result.quarantine_preview) < PREVIEW_ROWS:
            result.quarantine_preview.append(message)
        self.q_buf.append(
            {
                "_source_file": rejection.file,
                "_source_line": rejection.line,
                "field": rejection.field,
                "reason": str(rejection.reason),
                "message": message,
                "raw_record": kept[:RAW_RECORD_LIMIT] if kept is not None else None,
                "_arrival_date": self.day,
            }
        )

    def add_batch(self, key: str, batch: RowBatch) -> None:
        """Validate a batch; quarantine records follow the file's line order."""
        validator, start = self.validator, len(self.raw_buf)
        unparsed = iter(sorted(batch.rejects, key=lambda r: r.line))
        pending = next(unparsed, None)

        def reject_unparsed(before: float) -> None:
            nonlocal pending
            while pending is not None and pending.line < before:
                self.reject(
                    Rejection(key, pending.line, pending.field, pending.reason, pending.detail),
                    validator.scrubbed_text(None, pending.text),
                )
                pending = next(unparsed, None)

        for line, record, text in zip(batch.lines, batch.records, batch.texts, strict=True):
            reject_unparsed(line)
            outcome = validator.validate(record, key, line, text)
            if isinstance(outcome, Rejection):
                self.reject(outcome, validator.scrubbed_text(record, None))
                continue
            self.result.rows_read += 1
            if outcome["message_id"] in self.seen:
                self.result.duplicates += 1
                continue
            self.seen.add(outcome["message_id"])
            self.raw_buf.append(outcome)
        reject_unparsed(float("inf"))
        validator.mask_batch(self.raw_buf[start:])
        self.flush(self.batch_rows)

    def reject_file(self, obj: LakeFile, fault: FileFault) -> None:
        self.result.files_rejected[obj.key] = str(fault.reason)
        self.reject(Rejection(obj.key, fault.line, None, fault.reason, fault.detail), None)

    def flush(self, at_least: int = 0) -> None:
        if self.raw_buf and len(self.raw_buf) >= at_least:
            if len(self.result.preview) < PREVIEW_ROWS:
                self.result.preview.extend(self.raw_buf[: PREVIEW_ROWS - len(self.result.preview)])
            self.raw.write_rows(self.raw_buf)
            self.raw_buf = []
        if self.q_buf and len(self.q_buf) >= at_least:
            self.quarantine.write_rows(self.q_buf)
            self.q_buf = []

    def close(self) -> RawPartitionResult:
        self.flush()
        self.raw.close()
        self.quarantine.close()
        result = self.result
        result.rows_written, result.raw_files = self.raw.rows, self.raw.files
        result.quarantine_files = self.quarantine.files
        result.bytes_written = self.raw.bytes + self.quarantine.bytes
        return result


def build_raw_partition(
    lake: Lake,
    source: str,
    arrival_date: dt.date,
    config: ProductConfig,
    pii_key: bytes,
    batch_rows: int = 50_000,
) -> RawPartitionResult:
    """Validate, deduplicate and scrub ``landing/<source>/dt=<arrival_date>/`` into
    ``raw/…`` and ``quarantine/…``, replacing the partition atomically.

    Every landing object ends in exactly one place: its rows in raw, quarantine
    or the duplicate count; an object that cannot be read (further), is of no
    supported format or is not a regular file, as one quarantine record (after
    the rows read before the damage). Within the partition the first copy of a
    ``message_id`` wins (files in key order, rows in file order). Memory holds
    one batch of rows plus the partition's set of message_ids.

    Raises:
        ConcurrentWriteError: another run committed this partition meanwhile.
    """
    plan = config.tracking_plan
    started_from = generation(read_manifest(lake, raw_prefix(source, arrival_date)))
    validator = ContractValidator(plan, Scrubber(config.pii, pii_key), arrival_date)
    writer = _PartitionWriter(lake, source, arrival_date, validator, batch_rows)
    limits = Limits(plan.max_row_bytes, plan.max_nesting_depth)
    for obj in lake.list_files(landing_prefix(source, arrival_date)):
        if is_hidden(obj.key):
            continue
        if not obj.regular:
            writer.reject_file(
                obj,
                FileFault(
                    Reason.NOT_A_REGULAR_FILE,
                    "a symbolic link (or reached through one); landing objects must be "
                    "plain files under the landing prefix",
                    0,
                ),
            )
            continue
        writer.result.files_read.append(obj.key)
        batches = read_landing_file(
            lake,
            obj,
            mapping=config.sources[source].csv_mapping,
            limits=limits,
            batch_rows=batch_rows,
        )
        for item in batches:
            if isinstance(item, FileFault):
                writer.reject_file(obj, item)
            else:
                writer.add_batch(obj.key, item)
    result = writer.close()
    commit(
        lake,
        raw_prefix(source, arrival_date),
        result.manifest(writer.token),
        folders=[raw_prefix(source, arrival_date), quarantine_prefix(source, arrival_date)],
        expected_generation=started_from,
    )
    return result


def count_committed_rows(lake: Lake, source: str, arrival_date: dt.date) -> dict[str, int]:
    """Re-count a committed partition from its files: rows in raw and in quarantine,
    and the manifest's rows_read and duplicates. Empty counts when never built."""
    manifest = read_manifest(lake, raw_prefix(source, arrival_date))
    if manifest is None:
        return {"rows_read": 0, "raw": 0, "quarantine": 0, "duplicates": 0}

    def rows(keys: list[str]) -> int:
        total = 0
        for key in keys:
            with lake.open_file(key) as stream:
                total += pq.ParquetFile(stream).metadata.num_rows
        return total

    return {
        "rows_read": manifest["rows_read"],
        "raw": rows(manifest["raw_files"]),
        "quarantine": rows(manifest["quarantine_files"]),
        "duplicates": manifest["duplicates"],
    }
