"""Markdown tables (GitHub-flavoured), as shown in the terminal and in the Dagster UI."""

from __future__ import annotations

import datetime as dt
import decimal
from collections.abc import Sequence
from typing import Any


def format_value(value: Any, spec: str | None = None) -> str:
    """A cell: None is empty; ``spec`` is a Python format spec (``".1%"``, ``".3f"``)."""
    if value is None:
        return ""
    if spec and isinstance(value, int | float | decimal.Decimal):
        return format(float(value) if isinstance(value, decimal.Decimal) else value, spec)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A markdown table of already formatted (or plain) values; None renders empty."""

    def cell(value: Any) -> str:
        return format_value(value).replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
