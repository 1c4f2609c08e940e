"""JSON parsed exactly: no number rounded, no duplicate key resolved silently.

orjson (the strict parser of the line-by-line path) reads an integer beyond 64
bits as a double (``123456789012345678901234567890`` becomes
``1.2345678901234568e+29``) and, like every parser, lets the last of two equal
keys win, while DuckDB (the bulk path) and others let the first win.
:func:`exact_loads` parses with the standard library's scanner instead:

- an integer outside int64/uint64, or a decimal whose double is not the same
  decimal value (more digits than a double holds, an underflow), becomes a
  :class:`JsonNumber` that keeps its text; :func:`dumps_exact` writes it back
  as that text (an ``orjson.Fragment``), so raw keeps the digits as sent;
- every object records the first key it holds twice (:func:`duplicate_key`);
  the contract refuses a row with one at the levels it reads
  (docs/quarantine.md "duplicate_key").
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

import orjson

INT64_MIN, UINT64_MAX = -(1 << 63), (1 << 64) - 1
SAFE_DECIMAL_CHARS = 16  # "-", ".", and at most 15 digits: a double holds them exactly


class JsonNumber:
    """A JSON number kept as its text, because no int64/uint64 or double holds
    its value. ``str()`` gives the text."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text

    def __repr__(self) -> str:
        return f"JsonNumber({self.text!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, JsonNumber) and other.text == self.text

    def __hash__(self) -> int:
        return hash(self.text)


class JsonObject(dict):
    """A parsed JSON object; ``duplicate`` is the first key it held twice (the
    dict keeps the last value, as orjson does), or None."""

    __slots__ = ("duplicate",)


def _object(pairs: list[tuple[str, Any]]) -> JsonObject:
    obj = JsonObject(pairs)
    obj.duplicate = None
    if len(obj) != len(pairs):
        seen: set[str] = set()
        obj.duplicate = next(k for k, _ in pairs if k in seen or seen.add(k))  # type: ignore[func-returns-value]
    return obj


def _int(text: str) -> int | JsonNumber:
    value = int(text)
    return value if INT64_MIN <= value <= UINT64_MAX else JsonNumber(text)


def _float(text: str) -> float | JsonNumber:
    value = float(text)
    if len(text) <= SAFE_DECIMAL_CHARS and "e" not in text and "E" not in text:
        return value
    try:
        same = Decimal(repr(value)) == Decimal(text)
    except InvalidOperation:  # pragma: no cover - the scanner gives valid numbers
        same = False
    return value if same else JsonNumber(text)


_DECODER = json.JSONDecoder(object_pairs_hook=_object, parse_int=_int, parse_float=_float)


def exact_loads(data: bytes | str) -> Any:
    """Parse one JSON text (module doc). Call it on text that a strict parser
    (orjson) accepted: it does not refuse NaN, Infinity or lone surrogates.

    Raises:
        ValueError: the text is not JSON.
    """
    return _DECODER.decode(data.decode("utf-8") if isinstance(data, bytes) else data)


def duplicate_key(value: Any) -> str | None:
    """The first key held twice by ``value``, when it is an object parsed by
    :func:`exact_loads` (its own keys only, not those of nested objects)."""
    return getattr(value, "duplicate", None)


def _fragment(value: Any) -> Any:
    if isinstance(value, JsonNumber):
        return orjson.Fragment(value.text)
    raise TypeError(f"Type is not JSON serializable: {type(value).__name__}")


def dumps_exact(value: Any, option: int = 0) -> bytes:
    """orjson.dumps that writes a :class:`JsonNumber` as its own text."""
    return orjson.dumps(value, default=_fragment, option=option)
