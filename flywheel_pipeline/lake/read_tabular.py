"""CSV (mapped to the contract by ``csv_mapping``) and parquet landing files.

CSV columns are read as bytes and decoded per value, so one row of invalid
UTF-8 is rejected alone; a row with too many or too few fields is rejected
(``invalid_csv_row``) and the rows around it are kept. A row holding NaN,
Infinity, NUL or a lone surrogate is rejected as ``unstorable_value``.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Container, Iterator
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from flywheel_pipeline.config import ColumnMapping
from flywheel_pipeline.contract.reasons import Reason
from flywheel_pipeline.lake.landing_rows import (
    TEXT_RAW_LIMIT,
    Limits,
    RowBatch,
    RowReject,
    row_text,
)
from flywheel_pipeline.lake.long_lines import MARKER, LongLineFilter


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
    for name, column in mapping.columns.items():
        if column in row and get(column) is not None:
            record[name] = get(column)
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


def _unstorable(value: Any) -> str | None:
    """What makes a tabular value unstorable on some engine, or None."""
    if isinstance(value, float) and not math.isfinite(value):
        return f"{value} is not a finite number"
    if isinstance(value, str):
        if "\x00" in value:
            return "NUL character in a string"
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "lone UTF-16 surrogate in a string"
    if isinstance(value, dict):
        return next((r for r in map(_unstorable, value.values()) if r), None)
    if isinstance(value, list):
        return next((r for r in map(_unstorable, value) if r), None)
    return None


def _batch_rows(batch: pa.RecordBatch) -> list[Any]:
    """Rows of an Arrow batch as dicts; a row whose bytes are not UTF-8 is a
    :class:`RowReject`-worthy ``UnicodeDecodeError`` in its place."""
    try:
        return batch.to_pylist()
    except UnicodeDecodeError:
        rows: list[Any] = []
        for i in range(batch.num_rows):
            try:
                rows.extend(batch.slice(i, 1).to_pylist())
            except UnicodeDecodeError as exc:
                rows.append(exc)
        return rows


def tabular_batches(
    batches: Iterator[pa.RecordBatch],
    to_record: Callable[[dict], dict],
    limits: Limits,
    skipped: Container[int] = (),
) -> Iterator[RowBatch]:
    """RowBatches of tabular rows; ``skipped`` holds data rows a parser dropped
    (their numbers are not given to the rows that follow)."""
    line = 0
    for arrow_batch in batches:
        out = RowBatch()
        for row in _batch_rows(arrow_batch):
            line += 1
            while line in skipped:
                line += 1
            try:
                if isinstance(row, UnicodeDecodeError):
                    raise row
                record = to_record(row)
            except UnicodeDecodeError as exc:
                out.rejects.append(
                    RowReject(line, Reason.INVALID_ENCODING, f"invalid UTF-8: {exc.reason}", None)
                )
                continue
            text = orjson.dumps(record, default=str, option=orjson.OPT_NON_STR_KEYS)
            problem = _unstorable(record)
            if problem:
                out.rejects.append(
                    RowReject(line, Reason.UNSTORABLE_VALUE, problem, row_text(text))
                )
            elif len(text) > limits.max_row_bytes:
                out.rejects.append(
                    RowReject(
                        line,
                        Reason.OVERSIZED_ROW,
                        f"row is {len(text)} bytes, more than max_row_bytes={limits.max_row_bytes}",
                        None,
                    )
                )
            else:
                out.lines.append(line)
                out.records.append(record)
                out.texts.append(text)
        yield out


def _header(open_stream, limits: Limits) -> list[str]:
    """Column names from the first line (a UTF-8 BOM before it is accepted).

    Raises:
        UnicodeDecodeError, csv.Error: the header line is not UTF-8 CSV.
        ValueError: the header line is longer than ``max_row_bytes``.
    """
    with LongLineFilter(open_stream(), limits.max_row_bytes) as stream:
        first = b""
        while b"\n" not in first:
            chunk = stream.read(1 << 16)
            if not chunk:
                break
            first += chunk
    line = first.split(b"\n", 1)[0].rstrip(b"\r")
    if line == MARKER:
        raise ValueError(
            f"the header line is {stream.sizes[0]} bytes, more than "
            f"max_row_bytes={limits.max_row_bytes}"
        )
    if line.startswith(b"\xef\xbb\xbf"):
        line = line[3:]
    return next(csv.reader([line.decode("utf-8")]))


def read_csv(open_stream, mapping: ColumnMapping, limits: Limits, batch_rows: int):
    """CSV with a header row; every column read as bytes, decoded per value.
    ``open_stream`` opens the file afresh; it is called twice (header, then data).
    A line longer than ``max_row_bytes`` is skipped as it streams (memory holds
    at most that much of it) and rejected as ``oversized_row``."""
    invalid: dict[int, RowReject] = {}
    filtered: list[LongLineFilter] = []
    replaced = iter(range(1 << 62))  # the how-manieth replaced line a marker row is

    def on_invalid(row) -> str:
        # row.number counts file lines, the header being line 1
        number = row.number - 1 if row.number and row.number > 0 else -1
        if row.text.encode().startswith(MARKER):
            size = filtered[0].sizes[next(replaced)]
            invalid[number] = RowReject(
                number,
                Reason.OVERSIZED_ROW,
                f"row is {size} bytes, more than max_row_bytes={limits.max_row_bytes}; "
                "skipped while reading",
                None,
            )
            return "skip"
        invalid[number] = RowReject(
            number,
            Reason.INVALID_CSV_ROW,
            f"expected {row.expected_columns} fields, found {row.actual_columns}",
            row.text[:TEXT_RAW_LIMIT],
        )
        return "skip"

    names = _header(open_stream, limits)
    with LongLineFilter(open_stream(), limits.max_row_bytes) as stream:
        filtered.append(stream)
        reader = pacsv.open_csv(
            stream,
            # one thread: the invalid-row handler then knows each row's number
            read_options=pacsv.ReadOptions(
                block_size=max(1 << 16, batch_rows * 64), use_threads=False
            ),
            parse_options=pacsv.ParseOptions(invalid_row_handler=on_invalid),
            convert_options=pacsv.ConvertOptions(
                column_types={name: pa.binary() for name in names}, strings_can_be_null=False
            ),
        )

        def to_record(row: dict) -> dict:
            row = {k: (v.decode("utf-8") if isinstance(v, bytes) else v) for k, v in row.items()}
            return apply_mapping(row, mapping)

        emitted: set[int] = set()
        for batch in tabular_batches(reader, to_record, limits, skipped=invalid):
            for number in sorted(set(invalid) - emitted):
                batch.rejects.append(invalid[number])
                emitted.add(number)
            yield batch
        leftover = sorted(set(invalid) - emitted)
        if leftover:
            yield RowBatch(rejects=[invalid[n] for n in leftover])


def read_parquet(handle, limits: Limits, batch_rows: int) -> Iterator[RowBatch]:
    """Rows of a parquet file whose columns carry contract field names."""
    parquet = pq.ParquetFile(handle)
    yield from tabular_batches(parquet.iter_batches(batch_size=batch_rows), dict, limits)


def csv_text_batches(open_stream: Callable[[], Any], batch_rows: int) -> Iterator[pa.RecordBatch]:
    """Batches of a trusted CSV (header row required; replay datasets) with every
    column read as text. ``open_stream`` opens the file afresh; it is called
    twice (header, then data). Raises on malformed input."""
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
