"""Column-wise validation of NDJSON lines: the bulk path of ingest (issue 9).

:class:`BulkValidator` runs the query of :mod:`~flywheel_pipeline.contract.bulk_sql`
over one :class:`~flywheel_pipeline.lake.ndjson_blocks.LineBlock` in DuckDB (no
Python object per row; :meth:`BulkValidator.run` may run in several threads at
once, one block each) and returns the accepted rows as an Arrow
table with :data:`~flywheel_pipeline.contract.schema.RAW_EVENT_SCHEMA`, PII
hashed, dropped and masked, plus the lines the query left to the exact
line-by-line path (:class:`~flywheel_pipeline.contract.validation.ContractValidator`),
which gives every rejected row its reason, field and line. The two paths accept
the same rows with the same values (tests/integration/test_hostile_landing.py
and tests/unit/test_bulk_validation.py hold them to it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import queue
from dataclasses import dataclass

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from flywheel_pipeline.contract.bulk_sql import BulkQuery
from flywheel_pipeline.contract.line_tests import line_flags
from flywheel_pipeline.contract.pii import NESTED_FIELDS
from flywheel_pipeline.contract.schema import RAW_EVENT_SCHEMA
from flywheel_pipeline.contract.validation import MAX_TIME, MIN_TIME, ContractValidator
from flywheel_pipeline.lake.landing_rows import Limits
from flywheel_pipeline.lake.ndjson_blocks import LineBlock

HMAC_BLOCK = 64  # SHA-256's block size in bytes
EPOCH = dt.datetime(1970, 1, 1)
SCAN_ROWS = 2048
NOT_JSON = "\x01"  # stands for a line that is no UTF-8: the query leaves it slow


def _us(at: dt.datetime) -> int:
    """Microseconds since the Unix epoch of a naive UTC datetime."""
    return (at - EPOCH) // dt.timedelta(microseconds=1)


def hmac_pads(key: bytes) -> tuple[bytes, bytes]:
    """HMAC-SHA256's inner and outer padded keys (RFC 2104), so that
    ``sha256(opad || sha256(ipad || m))`` is :func:`hmac.new(key, m, sha256)`."""
    if len(key) > HMAC_BLOCK:
        key = hashlib.sha256(key).digest()
    key = key.ljust(HMAC_BLOCK, b"\0")
    return bytes(b ^ 0x36 for b in key), bytes(b ^ 0x5C for b in key)


def _utf8_or_slow(lines: pa.LargeBinaryArray) -> pa.LargeStringArray:
    """The lines as text, each line that is no valid UTF-8 replaced by NOT_JSON."""
    texts = []
    for data in lines.to_pylist():
        try:
            texts.append(data.decode("utf-8"))
        except UnicodeDecodeError:
            texts.append(NOT_JSON)
    return pa.array(texts, pa.large_string())


@dataclass
class BulkOutcome:
    """One block, validated: ``accepted`` rows (RAW_EVENT_SCHEMA, in line order,
    PII hashed, dropped and masked) and the block indexes of the lines left to
    the line-by-line path (``slow``)."""

    accepted: pa.Table
    slow: list[int]


class BulkValidator:
    """The bulk path for the rows of one arrival partition (see module doc).

    ``connection`` is a DuckDB connection of the partition build; each query
    runs on a cursor of it of its own (given a temporary view ``block``), so
    that :meth:`run` may run in several threads at once.
    """

    def __init__(
        self, validator: ContractValidator, limits: Limits, connection: duckdb.DuckDBPyConnection
    ) -> None:
        self.validator, self.limits, self.con = validator, limits, connection
        self.cursors: queue.SimpleQueue[duckdb.DuckDBPyConnection] = queue.SimpleQueue()  # idle
        scrubber = validator.scrubber
        query = BulkQuery(scrubber.drop, scrubber.hash)
        self.enabled = not query.all_slow
        self.statement = connection.extract_statements(query.sql())[0]  # parsed once
        ipad, opad = hmac_pads(scrubber.key)
        day = dt.datetime.combine(validator.arrival_date, dt.time())
        self.params = {
            **query.params,
            "max_brackets": limits.max_nesting_depth,
            "ipad": ipad,
            "opad": opad,
            "day_start": _us(day),
            "day_end": _us(validator.day_end),
            "earliest": _us(validator.earliest),
            "tolerance": validator.tolerance // dt.timedelta(microseconds=1),
            "min_time": _us(MIN_TIME),
            "max_time": _us(MAX_TIME),
        }
        # events whose required property a JSON path cannot quote go slow
        plan = [
            (name, list(spec.required_properties))
            for name, spec in validator.plan.events.items()
            if not any('"' in p or "\\" in p for p in spec.required_properties)
        ]
        self.params["plan_events"] = [name for name, _ in plan]
        self.params["plan_required"] = [required for _, required in plan]

    def prepare(self, block: LineBlock) -> pa.Table | None:
        """The block's lines as the query's input (text, ``blank``, ``odd``), or
        None when every line must take the slow path. Separate from :meth:`run`
        so that it runs beside the previous block's query."""
        if not self.enabled:
            return None
        lines = block.texts()
        try:
            texts = lines.cast(pa.large_string())
        except pa.ArrowInvalid:  # invalid UTF-8 somewhere: those lines go slow
            texts = _utf8_or_slow(lines)
        blank, odd = line_flags(texts, self.limits)
        table = pa.table({"idx": np.arange(len(block)), "text": texts, "blank": blank, "odd": odd})
        # record batches of SCAN_ROWS lines: DuckDB scans them on all threads
        return pa.Table.from_batches(table.to_batches(SCAN_ROWS))

    def run(self, block: LineBlock, file: str, lines: pa.Table | None = None) -> BulkOutcome:
        """Validate ``block`` of landing file ``file`` (``lines``: its :meth:`prepare`)."""
        if lines is None:
            lines = self.prepare(block)
        if lines is None:
            return BulkOutcome(RAW_EVENT_SCHEMA.empty_table(), list(range(len(block))))
        try:
            cursor = self.cursors.get_nowait()
        except queue.Empty:
            cursor = self.con.cursor()
        cursor.register("block", lines)
        try:
            out = cursor.sql(self.statement, params=self.params).to_arrow_table()
        finally:
            cursor.unregister("block")
            self.cursors.put(cursor)
        slow = out["slow"]
        slow_idx = pc.filter(out["idx"], pc.and_(slow, pc.invert(out["blank"])))
        accepted = out
        if pc.any(pc.or_(slow, out["blank"])).as_py():
            accepted = out.filter(pc.and_(pc.invert(slow), pc.invert(out["blank"])))
        lines = pc.add(accepted["idx"], block.first_line)
        n = accepted.num_rows
        columns = {
            name: accepted[name] for name in RAW_EVENT_SCHEMA.names if not name.startswith("_")
        }
        columns["_source_file"] = pa.array([file] * n, pa.string())
        columns["_source_line"] = lines
        columns["_arrival_date"] = pa.array(
            np.full(n, self.validator.arrival_date, dtype="datetime64[D]"), pa.date32()
        )
        table = self._mask(pa.table(columns).cast(RAW_EVENT_SCHEMA))
        return BulkOutcome(table, slow_idx.to_pylist())

    def close_cursors(self) -> None:
        """Close the cursors of past runs (when no run is under way)."""
        while not self.cursors.empty():
            self.cursors.get_nowait().close()

    def _mask(self, table: pa.Table) -> pa.Table:
        """Accepted rows with free-text PII masked in their JSON texts (one RE2
        pass per column; only flagged texts are parsed)."""
        scrubber = self.validator.scrubber
        for name in NESTED_FIELDS if scrubber.kinds else ():
            column = table[name]
            table = table.set_column(
                table.schema.get_field_index(name),
                RAW_EVENT_SCHEMA.field(name),
                scrubber.mask_json_column(column),
            )
        return table
