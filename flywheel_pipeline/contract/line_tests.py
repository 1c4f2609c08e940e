"""Tests of NDJSON lines as text, before any parse, column-wise (pyarrow, RE2).

:func:`line_flags` marks the lines of a block that are blank and those the bulk
query must leave to the line-by-line path (``odd``): not starting with ``{``,
longer than ``max_row_bytes``, holding what the two parsers may read
differently (NaN and Infinity, escapes of NUL and UTF-16 surrogates, huge
exponents, integers of 19 digits or more: maybe beyond 64 bits, decimals of 16
digits or more: maybe beyond a double; the line-by-line path keeps their text).
Each regular expression starts at a rare character, where RE2 is fast. (The
bound of the nesting depth, counting brackets, is in the bulk query: DuckDB
counts faster.)
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from flywheel_pipeline.lake.landing_rows import Limits

# a decimal of 16 digits or more: a double may not hold its value (DuckDB would
# round it; the line-by-line path keeps its text)
LONG_DECIMAL = "|".join([r"\d{16,}\.", *(rf"\d{{{i}}}\.\d{{{16 - i}}}" for i in range(1, 16))])
HUGE_NUMBER = rf"\s*-?(?:\d{{19}}|\d+(?:\.\d+)?[eE][+-]?\d{{3}}|{LONG_DECIMAL})"
ODD_PATTERNS = (
    r"\\u0000|\\u[dD][89a-fA-F]",
    ":" + HUGE_NUMBER,
    "," + HUGE_NUMBER,
    r"\[" + HUGE_NUMBER,
)
ODD_WORDS = ("NaN", "Infinity")
BLANK = r"^[ \t\r\n\x0b\x0c]*$"


def line_flags(texts: pa.Array, limits: Limits) -> tuple[pa.BooleanArray, pa.BooleanArray]:
    """(blank, odd) for each line of ``texts`` (a string column)."""
    starts_object = pc.starts_with(texts, "{")
    others = pc.indices_nonzero(pc.invert(starts_object))  # few: test only those for blank
    blank = np.zeros(len(texts), dtype=bool)
    blank[others.to_numpy()] = pc.match_substring_regex(pc.take(texts, others), BLANK).to_numpy(
        zero_copy_only=False
    )
    blank = pa.array(blank)
    odd = pc.or_(
        pc.invert(starts_object), pc.greater(pc.binary_length(texts), limits.max_row_bytes)
    )
    # RE2 finds a literal faster than pyarrow's substring kernels
    for pattern in (*ODD_WORDS, *ODD_PATTERNS):
        odd = pc.or_(odd, pc.match_substring_regex(texts, pattern))
    return blank, odd
