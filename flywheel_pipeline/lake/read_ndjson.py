"""The strict line-by-line parse (orjson) of the NDJSON lines the bulk path
leaves to Python (the lines are cut by :mod:`.ndjson_blocks`).

A line is one JSON value, parsed exactly (numbers keep their digits, a
duplicate key is known: :mod:`~flywheel_pipeline.contract.exact_json`). A
UTF-8 BOM before the first line is accepted; a line
that is not UTF-8, not JSON, holds NaN/Infinity, a lone UTF-16 surrogate or a
NUL character, or is nested deeper than ``max_nesting_depth`` is a
:class:`~flywheel_pipeline.lake.landing_rows.RowReject` naming the reason
(docs/quarantine.md). Nothing is ever replaced silently.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

from flywheel_pipeline.contract.exact_json import exact_loads
from flywheel_pipeline.contract.reasons import Reason
from flywheel_pipeline.lake.landing_rows import Limits, RowReject, row_text


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
    """One NDJSON line: (value, None) or (None, the rejection).

    orjson is the strict judge (NaN, surrogates, depth); the value returned is
    :func:`~flywheel_pipeline.contract.exact_json.exact_loads`'s, whose numbers
    keep their digits and whose objects know a key they held twice."""
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
    return exact_loads(data), None


def line_outcome(line_no: int, data: bytes, limits: Limits) -> tuple[Any, bytes] | RowReject | None:
    """One line as read (line end included; a BOM already dropped), strictly
    parsed: ``(value, stripped text)``, the rejection, or None for a blank line."""
    data = data.rstrip(b"\n")
    if len(data) > limits.max_row_bytes:
        return oversized(line_no, len(data), limits)
    data = data.strip()
    if not data:
        return None
    value, reject = parse_json_line(data, line_no, limits)
    return reject if reject is not None else (value, data)


def oversized(line_no: int, size: int, limits: Limits) -> RowReject:
    """The rejection of a line too long to be kept while reading."""
    return RowReject(
        line_no,
        Reason.OVERSIZED_ROW,
        f"row is {size} bytes, more than max_row_bytes={limits.max_row_bytes}",
        None,
    )
