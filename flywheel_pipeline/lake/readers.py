"""Streamed readers of landing files: NDJSON (optionally gzip), CSV with a mapping, parquet.

Each reader yields :class:`LandingRow` objects one at a time and holds at most
one batch (CSV, parquet) or one line (NDJSON) in memory, whatever the file size.
A line longer than ``max_row_bytes`` is skipped without being held whole.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from flywheel_pipeline.config import ColumnMapping
from flywheel_pipeline.lake.storage import Lake

READ_CHUNK = 1 << 20
NDJSON_SUFFIXES = (".ndjson", ".jsonl", ".json", ".ndjson.gz", ".jsonl.gz", ".json.gz")
CSV_SUFFIXES = (".csv", ".csv.gz")
PARQUET_SUFFIXES = (".parquet",)
LANDING_SUFFIXES = NDJSON_SUFFIXES + CSV_SUFFIXES + PARQUET_SUFFIXES


class UnsupportedFileError(ValueError):
    """A landing file whose name ends in no supported format."""


@dataclass(frozen=True)
class LandingRow:
    """One input row: its 1-based line (NDJSON) or data-row (CSV, parquet) number.

    ``record`` is the parsed object, or None when the row could not be parsed;
    then ``error`` is ``"invalid_json"`` or ``"oversized_row"``. ``raw`` is the
    row's text (None when oversized) and ``size`` its size in bytes.
    """

    line: int
    record: Any
    raw: str | None
    size: int
    error: str | None = None


def is_landing_file(key: str) -> bool:
    """True for a data file a reader handles; hidden/temporary names are not."""
    name = key.rsplit("/", 1)[-1]
    return not name.startswith((".", "_")) and name.lower().endswith(LANDING_SUFFIXES)


def _iter_lines(stream, max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, line bytes or None when longer than max_bytes, size) per line."""
    buf, line_no, size, oversized = bytearray(), 0, 0, False
    while True:
        chunk = stream.read(READ_CHUNK)
        if not chunk:
            break
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            piece = chunk[start:] if end < 0 else chunk[start:end]
            size += len(piece)
            if not oversized:
                if size > max_bytes:
                    oversized, buf = True, bytearray()
                else:
                    buf += piece
            if end < 0:
                break
            line_no += 1
            yield line_no, (None if oversized else bytes(buf)), size
            buf, size, oversized, start = bytearray(), 0, False, end + 1
    if size:
        yield line_no + 1, (None if oversized else bytes(buf)), size


def iter_ndjson(lake: Lake, key: str, max_row_bytes: int) -> Iterator[LandingRow]:
    """Rows of an NDJSON file (``.gz`` decompressed on the fly); blank lines are skipped."""
    with lake.open_input(key, decompress=True) as stream:
        for line_no, data, size in _iter_lines(stream, max_row_bytes):
            if data is None:
                yield LandingRow(line_no, None, None, size, "oversized_row")
                continue
            text = data.decode("utf-8", errors="replace").strip()
            if not text:
                continue
            try:
                yield LandingRow(line_no, json.loads(text), text, size)
            except json.JSONDecodeError:
                yield LandingRow(line_no, None, text, size, "invalid_json")


def _set_path(target: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, leaf = dotted.split(".")
    for part in parents:
        target = target.setdefault(part, {})
    target[leaf] = value


def apply_mapping(row: dict[str, Any], mapping: ColumnMapping) -> dict[str, Any]:
    """A tabular row (column -> value) as a contract record, per ``mapping``.

    Empty strings become null; unmapped columns are ignored.
    """

    def get(column: str) -> Any:
        value = row.get(column)
        return None if value == "" else value

    record: dict[str, Any] = dict(mapping.constants)
    for field, column in mapping.columns.items():
        if column in row and get(column) is not None:
            record[field] = get(column)
    props: dict[str, Any] = {}
    for name, column in mapping.properties.items():
        if get(column) is not None:
            props[name] = get(column)
    ctx: dict[str, Any] = {}
    for path, column in mapping.context.items():
        if get(column) is not None:
            _set_path(ctx, path, get(column))
    if props:
        record["properties"] = props
    if ctx:
        record["context"] = ctx
    return record


def _tabular_rows(batches: Iterator[pa.RecordBatch], to_record) -> Iterator[LandingRow]:
    row_no = 0
    for batch in batches:
        for row in batch.to_pylist():
            row_no += 1
            record = to_record(row)
            text = json.dumps(record, default=str, separators=(",", ":"))
            yield LandingRow(row_no, record, text, len(text.encode()))


def csv_text_batches(open_stream: Callable[[], Any], batch_rows: int) -> Iterator[pa.RecordBatch]:
    """Batches of a CSV (header row required) with every column read as text.

    ``open_stream`` opens the file afresh; it is called twice (header, then data).
    """
    with open_stream() as stream:
        names = pacsv.open_csv(stream, read_options=pacsv.ReadOptions(block_size=1 << 16))
        names = names.schema.names
    with open_stream() as stream:
        reader = pacsv.open_csv(
            stream,
            read_options=pacsv.ReadOptions(block_size=max(1 << 16, batch_rows * 64)),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.string() for name in names}, strings_can_be_null=False
            ),
        )
        yield from reader


def iter_csv(lake: Lake, key: str, mapping: ColumnMapping, batch_rows: int) -> Iterator[LandingRow]:
    """Rows of a CSV file (header row required), every column read as text."""
    batches = csv_text_batches(lambda: lake.open_input(key, decompress=True), batch_rows)
    yield from _tabular_rows(batches, lambda row: apply_mapping(row, mapping))


def iter_parquet(lake: Lake, key: str, batch_rows: int) -> Iterator[LandingRow]:
    """Rows of a parquet file whose columns carry contract field names."""
    with lake.open_file(key) as stream:
        parquet = pq.ParquetFile(stream)
        yield from _tabular_rows(parquet.iter_batches(batch_size=batch_rows), dict)


def iter_landing_file(
    lake: Lake, key: str, *, mapping: ColumnMapping, max_row_bytes: int, batch_rows: int
) -> Iterator[LandingRow]:
    """Dispatch on the file name's suffix.

    Raises:
        UnsupportedFileError: the name ends in no supported format.
    """
    name = key.lower()
    if name.endswith(NDJSON_SUFFIXES):
        return iter_ndjson(lake, key, max_row_bytes)
    if name.endswith(CSV_SUFFIXES):
        return iter_csv(lake, key, mapping, batch_rows)
    if name.endswith(PARQUET_SUFFIXES):
        return iter_parquet(lake, key, batch_rows)
    raise UnsupportedFileError(f"{key}: unsupported landing format (use {LANDING_SUFFIXES})")
