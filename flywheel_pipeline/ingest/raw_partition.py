"""Build one raw partition (one source, one arrival day) from its landing files.

Every landing row ends up in exactly one of: raw (accepted, first copy of its
``message_id``), quarantine (rejected, with a reason naming file, line and
field), or the duplicate count. :func:`build_raw_partition` writes the raw and
quarantine files and commits them together with one manifest swap, so the
partition is replaced atomically and a re-run gives the same rows.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import tempfile
import uuid
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.contract.bulk_validation import BulkOutcome, BulkValidator
from flywheel_pipeline.contract.pii import Scrubber
from flywheel_pipeline.contract.reasons import Reason, Rejection
from flywheel_pipeline.contract.schema import QUARANTINE_SCHEMA, RAW_EVENT_SCHEMA
from flywheel_pipeline.contract.validation import ContractValidator
from flywheel_pipeline.ingest.later_copies import later_copies
from flywheel_pipeline.lake.layout import landing_prefix, quarantine_prefix, raw_prefix
from flywheel_pipeline.lake.partition import ParquetSink, commit, generation, read_manifest
from flywheel_pipeline.lake.read_ndjson import line_outcome, oversized
from flywheel_pipeline.lake.readers import (
    FileFault,
    Limits,
    LineBlock,
    RowBatch,
    RowReject,
    is_hidden,
    read_landing_file,
)
from flywheel_pipeline.lake.storage import Lake, LakeFile
from flywheel_pipeline.privacy.suppression import IngestGate, read_suppression

RAW_RECORD_LIMIT = 4096
PREVIEW_ROWS = 5
QUARANTINE_FLUSH_ROWS = 50_000
# raw columns worth a dictionary and min/max statistics in parquet (the rest are
# ids, times and JSON texts of nearly one value per row)
RAW_LOW_CARDINALITY = ("type", "event", "tenant_id", "_source_file", "_arrival_date")
RAW_TIMES = ("timestamp", "sent_at", "received_at", "_source_line")  # statistics only
DUCKDB_MEMORY_LIMIT = "1GB"  # the bulk queries and the duplicate search spill beyond it
# bulk queries at once, at most: each holds a block of batch_rows lines and its
# result, so memory grows with them (DuckDB's threads beyond this stay unused)
MAX_BULK_WORKERS = 4


@dataclass
class RawPartitionResult:
    """Row accounting of one raw partition build.

    ``rows_read`` counts every row read plus one per landing file rejected as a
    whole (its one quarantine record), so that rows_read = rows_written +
    rows_quarantined + duplicates + suppressed always holds (``suppressed``:
    rows of an erased subject, docs/privacy.md).
    """

    source: str
    arrival_date: dt.date
    rows_read: int = 0
    rows_written: int = 0
    rows_quarantined: int = 0
    duplicates: int = 0
    suppressed: int = 0
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
        """rows read = written + quarantined + duplicates + suppressed."""
        return self.rows_read == (
            self.rows_written + self.rows_quarantined + self.duplicates + self.suppressed
        )  # a fresh build has erased nothing (privacy/partition_rewrite.py)

    def manifest(self, writer: str) -> dict[str, Any]:
        return {
            "writer": writer,
            "source": self.source,
            "arrival_date": self.arrival_date.isoformat(),
            "rows_read": self.rows_read,
            "rows_written": self.rows_written,
            "rows_quarantined": self.rows_quarantined,
            "duplicates": self.duplicates,
            "suppressed": self.suppressed,
            "bytes_written": self.bytes_written,
            "files_read": self.files_read,
            "files_rejected": self.files_rejected,
            "raw_files": self.raw_files,
            "quarantine_files": self.quarantine_files,
            "files": self.raw_files + self.quarantine_files,
            "reasons": dict(sorted(self.reasons.items())),
        }


class _PartitionWriter:
    """Routes the rows of one partition to raw or quarantine; later copies of a
    message_id are removed when it closes (:mod:`.later_copies`)."""

    def __init__(self, lake: Lake, source: str, day: dt.date, validator, limits, con, gate):
        self.lake, self.validator, self.limits, self.con = lake, validator, limits, con
        self.gate: IngestGate = gate
        self.bulk = BulkValidator(validator, limits, con)
        self.token = uuid.uuid4().hex[:12]
        self.result = RawPartitionResult(source, day)
        self.raw = ParquetSink(
            lake,
            raw_prefix(source, day),
            "part",
            self.token,
            RAW_EVENT_SCHEMA,
            low_cardinality=RAW_LOW_CARDINALITY,
            statistics=RAW_LOW_CARDINALITY + RAW_TIMES,
        )
        self.quarantine = ParquetSink(
            lake, quarantine_prefix(source, day), "quarantine", self.token, QUARANTINE_SCHEMA
        )
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
                "_arrival_date": self.result.arrival_date,
            }
        )

    def add_block(self, key: str, block: LineBlock, outcome: BulkOutcome) -> None:
        """NDJSON lines: the bulk path's ``outcome``, then the lines it left, one by one."""
        rows: list[dict[str, Any]] = []
        rejections: list[tuple[int, Rejection, str | None]] = []
        for line, size in block.oversized:
            self._unparsed(key, oversized(line, size, self.limits), rejections)
        for index in outcome.slow:
            line = block.first_line + index
            parsed = line_outcome(line, block.line(index), self.limits)
            if isinstance(parsed, RowReject):
                self._unparsed(key, parsed, rejections)
            elif parsed is not None:
                self._validate(key, line, *parsed, rows, rejections)
        self._finish(outcome.accepted, rows, rejections)

    def add_batch(self, key: str, batch: RowBatch) -> None:
        """Rows parsed by the CSV and parquet readers, one by one."""
        rows: list[dict[str, Any]] = []
        rejections: list[tuple[int, Rejection, str | None]] = []
        for reject in batch.rejects:
            self._unparsed(key, reject, rejections)
        for line, record, text in zip(batch.lines, batch.records, batch.texts, strict=True):
            self._validate(key, line, record, text, rows, rejections)
        self._finish(RAW_EVENT_SCHEMA.empty_table(), rows, rejections)

    def _unparsed(self, key: str, reject: RowReject, rejections: list) -> None:
        rejection = Rejection(key, reject.line, reject.field, reject.reason, reject.detail)
        rejections.append((reject.line, rejection, self.validator.scrubbed_text(None, reject.text)))

    def _validate(self, key, line, record, text, rows: list, rejections: list) -> None:
        outcome = self.validator.validate(record, key, line, text)
        if isinstance(outcome, Rejection):
            rejections.append((line, outcome, self.validator.scrubbed_text(record, None)))
        else:
            rows.append(outcome)

    def _finish(self, accepted: pa.Table, rows: list, rejections: list) -> None:
        """Write a batch's rows (the bulk path's, then the others', each in line
        order); quarantine records in line order."""
        for _, rejection, kept in sorted(rejections, key=lambda item: item[0]):
            self.reject(rejection, kept)
        self.result.rows_read += accepted.num_rows + len(rows)
        self._write(accepted)
        if rows:
            self.validator.mask_batch(rows)
            self._write(pa.Table.from_pylist(rows, schema=RAW_EVENT_SCHEMA))
        if len(self.q_buf) >= QUARANTINE_FLUSH_ROWS:
            self.flush_quarantine()

    def _write(self, table: pa.Table) -> None:
        """Accepted rows to raw, through the gate (tenant stamped, suppressed dropped)."""
        table, suppressed = self.gate.apply(table)
        self.result.suppressed += suppressed
        self.raw.write_table(table)

    def reject_file(self, obj: LakeFile, fault: FileFault) -> None:
        self.result.files_rejected[obj.key] = str(fault.reason)
        self.reject(Rejection(obj.key, fault.line, None, fault.reason, fault.detail), None)

    def flush_quarantine(self) -> None:
        self.quarantine.write_rows(self.q_buf)
        self.q_buf = []

    def close(self) -> RawPartitionResult:
        """Finish the files, remove later copies, and account for everything."""
        self.flush_quarantine()
        self.raw.close()
        self.quarantine.close()
        result = self.result
        copies = later_copies(self.lake, self.raw.files, self.con)
        for file_no, rows in copies.items():
            self.raw.rewrite_without(file_no, rows)
        result.duplicates = sum(len(rows) for rows in copies.values())
        result.rows_written, result.raw_files = self.raw.rows, self.raw.files
        result.quarantine_files = self.quarantine.files
        result.bytes_written = self.raw.bytes + self.quarantine.bytes
        if self.raw.files:
            with self.lake.open_file(self.raw.files[0]) as stream:
                head = next(pq.ParquetFile(stream).iter_batches(batch_size=PREVIEW_ROWS), None)
            result.preview = head.to_pylist() if head is not None else []
        return result


@contextlib.contextmanager
def _ingest_connection() -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection for one partition build: UTC, bounded memory, spilling
    to a temporary folder removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="flywheel-ingest-") as spill:
        con = duckdb.connect(config={"memory_limit": DUCKDB_MEMORY_LIMIT, "temp_directory": spill})
        try:
            con.execute("set TimeZone = 'UTC'")
            yield con
        finally:
            con.close()


def build_raw_partition(
    lake: Lake,
    source: str,
    arrival_date: dt.date,
    config: ProductConfig,
    pii_key: bytes,
    batch_rows: int = 100_000,
) -> RawPartitionResult:
    """Validate, deduplicate and scrub ``landing/<source>/dt=<arrival_date>/`` into
    ``raw/…`` and ``quarantine/…``, replacing the partition atomically.

    Every landing object ends in exactly one place: its rows in raw, quarantine
    or the duplicate count; an object that cannot be read (further), is of no
    supported format or is not a regular file, as one quarantine record (after
    the rows read before the damage). Within the partition the first copy of a
    ``message_id`` wins (files in key order, rows in file order). NDJSON rows
    take the bulk path (:mod:`~flywheel_pipeline.contract.bulk_validation`),
    the rows it cannot judge and CSV and parquet rows the line-by-line one.
    Memory holds one batch of rows (DuckDB's part is capped at
    DUCKDB_MEMORY_LIMIT and spills beyond it).

    Raises:
        ConcurrentWriteError: another run committed this partition meanwhile.
    """
    plan = config.tracking_plan
    started_from = generation(read_manifest(lake, raw_prefix(source, arrival_date)))
    validator = ContractValidator(plan, Scrubber(config.pii, pii_key), arrival_date)
    limits = Limits(plan.max_row_bytes, plan.max_nesting_depth)
    with _ingest_connection() as con:
        gate = IngestGate(config.tenants.default_tenant, read_suppression(lake), pii_key)
        writer = _PartitionWriter(lake, source, arrival_date, validator, limits, con, gate)
        _read_landing(lake, source, arrival_date, config, writer, batch_rows)
        result = writer.close()
    commit(
        lake,
        raw_prefix(source, arrival_date),
        result.manifest(writer.token),
        folders=[raw_prefix(source, arrival_date), quarantine_prefix(source, arrival_date)],
        expected_generation=started_from,
    )
    return result


def _read_landing(lake, source, arrival_date, config, writer, batch_rows) -> None:
    """Every landing object of the partition into ``writer``, in key order.

    The bulk queries of the next NDJSON blocks run in worker threads, one DuckDB
    thread each (as many at once as DuckDB has threads, up to MAX_BULK_WORKERS:
    cheaper than splitting one query), while this thread cuts, prepares and
    writes the blocks around them (DuckDB releases the GIL)."""
    con = writer.con
    threads = int(con.execute("select current_setting('threads')").fetchone()[0])
    workers = max(1, min(threads, MAX_BULK_WORKERS))
    con.execute("set threads = 1")
    ahead: deque[tuple[str, LineBlock, Future]] = deque()  # blocks in flight, oldest first

    def settle(keep: int) -> None:
        while len(ahead) > keep:
            key, block, outcome = ahead.popleft()
            writer.add_block(key, block, outcome.result())

    try:
        with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="flywheel-bulk") as pool:
            files_read = writer.result.files_read
            items = _landing_items(lake, source, arrival_date, config, files_read, batch_rows)
            for obj, item in items:
                if isinstance(item, LineBlock):
                    lines = writer.bulk.prepare(item)
                    ahead.append(
                        (obj.key, item, pool.submit(writer.bulk.run, item, obj.key, lines))
                    )
                    settle(workers)
                    continue
                settle(0)
                if isinstance(item, FileFault):
                    writer.reject_file(obj, item)
                else:
                    writer.add_batch(obj.key, item)
            settle(0)
    finally:
        writer.bulk.close_cursors()
        con.execute(f"set threads = {threads}")


def _landing_items(lake, source, arrival_date, config, files_read: list, batch_rows):
    """(landing object, batch, block or fault) in key order; an object that is no
    regular file gives its fault without being read; the keys read go into
    ``files_read``."""
    plan = config.tracking_plan
    limits = Limits(plan.max_row_bytes, plan.max_nesting_depth)
    for obj in lake.list_files(landing_prefix(source, arrival_date)):
        if is_hidden(obj.key):
            continue
        if not obj.regular:
            yield (
                obj,
                FileFault(
                    Reason.NOT_A_REGULAR_FILE,
                    "a symbolic link (or reached through one); landing objects must be "
                    "plain files under the landing prefix",
                    0,
                ),
            )
            continue
        files_read.append(obj.key)
        batches = read_landing_file(
            lake,
            obj,
            mapping=config.sources[source].csv_mapping,
            limits=limits,
            batch_rows=batch_rows,
        )
        for item in batches:
            yield obj, item


def count_committed_rows(lake: Lake, source: str, arrival_date: dt.date) -> dict[str, int]:
    """Re-count a committed partition from its files: rows in raw and in quarantine,
    and the manifest's rows_read, duplicates, suppressed and erased (rows removed
    later by an erasure or retention). Empty counts when never built."""
    manifest = read_manifest(lake, raw_prefix(source, arrival_date))
    if manifest is None:
        return {
            "rows_read": 0,
            "raw": 0,
            "quarantine": 0,
            "duplicates": 0,
            "suppressed": 0,
            "erased": 0,
        }

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
        "suppressed": manifest.get("suppressed", 0),
        "erased": manifest.get("erased", 0),
    }
