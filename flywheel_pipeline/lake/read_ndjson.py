"""NDJSON landing files, line by line, strictly parsed (orjson).

A line is one JSON value. A UTF-8 BOM before the first line is accepted; a line
that is not UTF-8, not JSON, holds NaN/Infinity, a lone UTF-16 surrogate or a
NUL character, or is nested deeper than ``max_nesting_depth`` is a
:class:`~flywheel_pipeline.lake.landing_rows.RowReject` naming the reason
(docs/quarantine.md). Nothing is ever replaced silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import orjson

from flywheel_pipeline.contract.reasons import Reason
from flywheel_pipeline.lake.landing_rows import Limits, RowBatch, RowReject, row_text

READ_CHUNK = 1 << 20
BOM = b"\xef\xbb\xbf"


def nesting_depth(value: Any, stop: int) -> int:
    """Levels of objects and arrays in a parsed JSON value (a scalar is 0),
    counted without recursion and at most up to ``stop``."""
    deepest, stack = 0, [(value, 0)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if isinstance(node, dict | list):
            depth += 1
            deepest = max(deepest, depth)
            if deepest >= stop:
                return deepest
            stack.extend((child, depth) for child in children if isinstance(child, dict | list))
    return deepest


def _diagnose(data: bytes, error: Exception) -> tuple[Reason, str]:
    """Why a line failed the strict JSON parser (the slow path, bad lines only)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Reason.INVALID_ENCODING, f"invalid UTF-8 at byte {exc.start}: {exc.reason}"
    message = str(error)
    if "surrogate" in message:
        return Reason.UNSTORABLE_VALUE, f"lone UTF-16 surrogate: {message}"
    if "64-bit" in message:
        return Reason.UNSTORABLE_VALUE, f"integer beyond 64 bits: {message}"
    if "infinity" in message or isinstance(error, RecursionError):
        return Reason.UNSTORABLE_VALUE, f"number out of range: {message}"
    if "recursion" in message.lower():
        return Reason.TOO_DEEP, message
    try:  # the standard library accepts NaN and Infinity, which JSON does not
        json.loads(data)
    except (ValueError, RecursionError):
        return Reason.INVALID_JSON, message
    return Reason.UNSTORABLE_VALUE, "NaN or Infinity is not a JSON number"


def parse_json_line(data: bytes, line: int, limits: Limits) -> tuple[Any, RowReject | None]:
    """One NDJSON line: (value, None) or (None, the rejection)."""
    try:
        value = orjson.loads(data)
    except (orjson.JSONDecodeError, RecursionError) as exc:
        reason, detail = _diagnose(data, exc)
        return None, RowReject(line, reason, detail, row_text(data))
    if b"\\u0000" in data:
        return None, RowReject(
            line, Reason.UNSTORABLE_VALUE, "NUL character (\\u0000) in a string", row_text(data)
        )
    depth_bound = data.count(b"{") + data.count(b"[")
    if depth_bound > limits.max_nesting_depth:
        depth = nesting_depth(value, stop=limits.max_nesting_depth + 1)
        if depth > limits.max_nesting_depth:
            return None, RowReject(
                line,
                Reason.TOO_DEEP,
                f"nested more than max_nesting_depth={limits.max_nesting_depth}",
                row_text(data),
            )
    return value, None


def _iter_lines(stream, max_bytes: int) -> Iterator[tuple[int, bytes | None, int]]:
    """(line number, line bytes or None when longer than max_bytes, size) per line.

    A last line without a newline is yielded too; an exception of the stream
    propagates after the complete lines before it were yielded.
    """
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


def read_ndjson(stream, limits: Limits, batch_rows: int) -> Iterator[RowBatch]:
    """Batches of an NDJSON stream; when the stream fails, the complete lines
    read so far are yielded before the error propagates."""
    batch = RowBatch()
    try:
        for line_no, data, size in _iter_lines(stream, limits.max_row_bytes):
            _add_line(batch, line_no, data, size, limits)
            if len(batch) >= batch_rows:
                yield batch
                batch = RowBatch()
    except Exception:
        if len(batch):
            yield batch
        raise
    if len(batch):
        yield batch


def _add_line(batch: RowBatch, line_no: int, data: bytes | None, size: int, limits: Limits):
    if data is None:
        batch.rejects.append(
            RowReject(
                line_no,
                Reason.OVERSIZED_ROW,
                f"row is {size} bytes, more than max_row_bytes={limits.max_row_bytes}",
                None,
            )
        )
        return
    if line_no == 1 and data.startswith(BOM):
        data = data[len(BOM) :]
    data = data.strip()
    if not data:
        return
    value, reject = parse_json_line(data, line_no, limits)
    if reject is not None:
        batch.rejects.append(reject)
    else:
        batch.lines.append(line_no)
        batch.records.append(value)
        batch.texts.append(data)
