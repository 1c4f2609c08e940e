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
from flywheel_pipeline.contract.schema import QUARANTINE_SCHEMA, RAW_EVENT_SCHEMA
from flywheel_pipeline.contract.validation import ContractValidator, Reason, Rejection
from flywheel_pipeline.lake.layout import landing_prefix, quarantine_prefix, raw_prefix
from flywheel_pipeline.lake.partition import ParquetSink, commit, read_manifest
from flywheel_pipeline.lake.readers import LandingRow, is_landing_file, iter_landing_file
from flywheel_pipeline.lake.storage import Lake

RAW_RECORD_LIMIT = 4096
PREVIEW_ROWS = 5


@dataclass
class RawPartitionResult:
    """Row accounting of one raw partition build (counts are rows)."""

    source: str
    arrival_date: dt.date
    rows_read: int = 0
    rows_written: int = 0
    rows_quarantined: int = 0
    duplicates: int = 0
    bytes_written: int = 0
    files_read: list[str] = field(default_factory=list)
    files_skipped: list[str] = field(default_factory=list)
    raw_files: list[str] = field(default_factory=list)
    quarantine_files: list[str] = field(default_factory=list)
    reasons: Counter = field(default_factory=Counter)
    preview: list[dict[str, Any]] = field(default_factory=list)
    quarantine_preview: list[str] = field(default_factory=list)

    @property
    def balanced(self) -> bool:
        """rows read = written + quarantined + duplicates."""
        return self.rows_read == self.rows_written + self.rows_quarantined + self.duplicates

    def manifest(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "arrival_date": self.arrival_date.isoformat(),
            "rows_read": self.rows_read,
            "rows_written": self.rows_written,
            "rows_quarantined": self.rows_quarantined,
            "duplicates": self.duplicates,
            "bytes_written": self.bytes_written,
            "files_read": self.files_read,
            "files_skipped": self.files_skipped,
            "raw_files": self.raw_files,
            "quarantine_files": self.quarantine_files,
            "files": self.raw_files + self.quarantine_files,
            "reasons": dict(sorted(self.reasons.items())),
        }


def _rejection_of(row: LandingRow, key: str, max_row_bytes: int) -> Rejection | None:
    if row.error == Reason.OVERSIZED_ROW or row.size > max_row_bytes:
        return Rejection(
            key,
            row.line,
            None,
            Reason.OVERSIZED_ROW,
            f"row is {row.size} bytes, more than max_row_bytes={max_row_bytes}",
        )
    if row.error == Reason.INVALID_JSON:
        return Rejection(key, row.line, None, Reason.INVALID_JSON, "line is not valid JSON")
    return None


def _quarantine_row(rejection: Rejection, raw: str | None, day: dt.date) -> dict[str, Any]:
    return {
        "_source_file": rejection.file,
        "_source_line": rejection.line,
        "field": rejection.field,
        "reason": str(rejection.reason),
        "message": rejection.message,
        "raw_record": raw[:RAW_RECORD_LIMIT] if raw is not None else None,
        "_arrival_date": day,
    }


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

    Within the partition the first copy of a ``message_id`` wins (files in key
    order, rows in file order); later copies are counted as duplicates. Memory
    holds one batch of rows plus the partition's set of message_ids.
    """
    day = arrival_date
    result = RawPartitionResult(source, day)
    plan = config.tracking_plan
    validator = ContractValidator(plan, config.pii, pii_key, day)
    token = uuid.uuid4().hex[:12]
    raw_sink = ParquetSink(lake, raw_prefix(source, day), "part", token, RAW_EVENT_SCHEMA)
    q_sink = ParquetSink(
        lake, quarantine_prefix(source, day), "quarantine", token, QUARANTINE_SCHEMA
    )
    seen: set[str] = set()
    raw_buf: list[dict[str, Any]] = []
    q_buf: list[dict[str, Any]] = []

    for obj in lake.list_files(landing_prefix(source, day)):
        if not is_landing_file(obj.key):
            result.files_skipped.append(obj.key)
            continue
        result.files_read.append(obj.key)
        rows = iter_landing_file(
            lake,
            obj.key,
            mapping=config.sources[source].csv_mapping,
            max_row_bytes=plan.max_row_bytes,
            batch_rows=batch_rows,
        )
        for row in rows:
            result.rows_read += 1
            outcome = _rejection_of(row, obj.key, plan.max_row_bytes) or validator.validate(
                row.record, obj.key, row.line
            )
            if isinstance(outcome, Rejection):
                result.rows_quarantined += 1
                result.reasons[str(outcome.reason)] += 1
                if len(result.quarantine_preview) < PREVIEW_ROWS:
                    result.quarantine_preview.append(outcome.message)
                q_buf.append(_quarantine_row(outcome, row.raw, day))
            elif outcome["message_id"] in seen:
                result.duplicates += 1
            else:
                seen.add(outcome["message_id"])
                raw_buf.append(outcome)
                if len(result.preview) < PREVIEW_ROWS:
                    result.preview.append(outcome)
            if len(raw_buf) >= batch_rows:
                raw_sink.write_rows(raw_buf)
                raw_buf = []
            if len(q_buf) >= batch_rows:
                q_sink.write_rows(q_buf)
                q_buf = []
    raw_sink.write_rows(raw_buf)
    q_sink.write_rows(q_buf)
    raw_sink.close()
    q_sink.close()

    result.rows_written, result.raw_files = raw_sink.rows, raw_sink.files
    result.quarantine_files = q_sink.files
    result.bytes_written = raw_sink.bytes + q_sink.bytes
    commit(
        lake,
        raw_prefix(source, day),
        result.manifest(),
        folders=[raw_prefix(source, day), quarantine_prefix(source, day)],
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
