"""Segment batch files: a ``.json`` landing file holding one ``{"batch": [...]}`` object.

Segment's HTTP batch API (and collectors that store request bodies as they
came) send ``{"batch": [call, call, ...], "sentAt": "...", ...}``, often
pretty-printed over many lines. A ``.json`` landing file is read either as
NDJSON (one event per line, like ``.ndjson``) or, when the whole file is one
JSON object with a ``batch`` key, as a batch: each call is one row, numbered
by its position in the batch (1-based), and a call without ``sentAt`` takes
the batch's. Any other single JSON document spread over lines (an array, an
object without ``batch``) is one quarantine record naming the shapes expected
(``unsupported_shape``); so is a batch whose ``batch`` is not a list or whose
top level holds a key twice. Files larger than MAX_BATCH_BYTES are read as
NDJSON only (memory holds at most that much of a file here).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from flywheel_pipeline.contract.exact_json import dumps_exact, duplicate_key, exact_loads
from flywheel_pipeline.contract.reasons import Reason
from flywheel_pipeline.lake.landing_rows import FileFault, Limits, RowBatch, RowReject, row_text
from flywheel_pipeline.lake.read_ndjson import nesting_depth

MAX_BATCH_BYTES = 16 << 20
EXPECTED = 'expected NDJSON (one event object per line) or a Segment batch object {"batch": [...]}'


@dataclass(frozen=True)
class Batch:
    """The calls of a batch file and the batch's own ``sentAt`` (or None)."""

    calls: list[Any]
    sent_at: Any


def parse_batch(data: bytes) -> Batch | FileFault | None:
    """``data`` (a whole ``.json`` file) as a :class:`Batch`; a
    :class:`FileFault` when it is one JSON document of another shape; None when
    it is NDJSON (or not JSON at all: the NDJSON reader then reports its lines)."""
    text = data.removeprefix(b"\xef\xbb\xbf")
    try:
        orjson.loads(text)  # the strict judge: one JSON document, or not
    except orjson.JSONDecodeError as exc:
        first = text.lstrip().split(b"\n", 1)[0].rstrip()
        opens_batch = first == b"{" or (first.startswith(b"{") and b'"batch"' in first)
        if opens_batch and _not_json(first):  # a batch object that is not valid JSON
            return FileFault(
                Reason.UNSUPPORTED_SHAPE,
                f"a batch object that is not valid JSON ({exc}); {EXPECTED}",
                0,
            )
        return None
    value = exact_loads(text)
    if isinstance(value, dict) and "batch" in value:
        key = duplicate_key(value)
        if key is not None:
            return FileFault(
                Reason.UNSUPPORTED_SHAPE,
                f'the batch object holds the key "{key}" twice; {EXPECTED}',
                0,
            )
        if not isinstance(value["batch"], list):
            return FileFault(
                Reason.UNSUPPORTED_SHAPE,
                f'"batch" is {type(value["batch"]).__name__}, not a list of calls; {EXPECTED}',
                0,
            )
        return Batch(value["batch"], value.get("sentAt", value.get("sent_at")))
    lines = text.strip().count(b"\n") + 1
    if lines == 1:
        return None  # one line: one NDJSON event
    shape = "a JSON array" if isinstance(value, list) else "one JSON object without a batch key"
    return FileFault(Reason.UNSUPPORTED_SHAPE, f"{EXPECTED}; found {shape} over {lines} lines", 0)


def _not_json(line: bytes) -> bool:
    try:
        orjson.loads(line)
    except orjson.JSONDecodeError:
        return True
    return False


def batch_rows(batch: Batch, limits: Limits, rows: int) -> Iterator[RowBatch]:
    """RowBatches of at most ``rows`` calls of ``batch`` (line = position)."""
    out = RowBatch()
    for number, call in enumerate(batch.calls, start=1):
        inherits = isinstance(call, dict) and "sentAt" not in call and "sent_at" not in call
        if inherits and batch.sent_at is not None:
            call["sentAt"] = batch.sent_at
        text = dumps_exact(call, option=orjson.OPT_NON_STR_KEYS)
        if len(text) > limits.max_row_bytes:
            out.rejects.append(
                RowReject(
                    number,
                    Reason.OVERSIZED_ROW,
                    f"row is {len(text)} bytes, more than max_row_bytes={limits.max_row_bytes}",
                    None,
                )
            )
        elif b"\\u0000" in text:
            out.rejects.append(
                RowReject(
                    number,
                    Reason.UNSTORABLE_VALUE,
                    "NUL character (\\u0000) in a string",
                    row_text(text),
                )
            )
        elif nesting_depth(call, stop=limits.max_nesting_depth + 1) > limits.max_nesting_depth:
            out.rejects.append(
                RowReject(
                    number,
                    Reason.TOO_DEEP,
                    f"nested more than max_nesting_depth={limits.max_nesting_depth}",
                    row_text(text),
                )
            )
        else:
            out.lines.append(number)
            out.records.append(call)
            out.texts.append(text)
        if len(out) >= rows:
            yield out
            out = RowBatch()
    if len(out):
        yield out
