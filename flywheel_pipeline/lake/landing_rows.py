"""What the landing readers yield: parsed rows in batches, rows that could not be
parsed, and the fault of a file that cannot be read (further)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flywheel_pipeline.contract.reasons import Reason

TEXT_RAW_LIMIT = 4096


@dataclass(frozen=True)
class Limits:
    """Per-row limits of the event contract (``tracking_plan.yml``)."""

    max_row_bytes: int
    max_nesting_depth: int


@dataclass(frozen=True)
class RowReject:
    """A row that could not be parsed: where, why, and its text (truncated)."""

    line: int
    reason: Reason
    detail: str
    text: str | None
    field: str | None = None


@dataclass
class RowBatch:
    """Parsed rows of one file, in order: ``lines[i]`` is the line of ``records[i]``,
    ``texts[i]`` its bytes as read (for tabular rows, their JSON)."""

    lines: list[int] = field(default_factory=list)
    records: list[Any] = field(default_factory=list)
    texts: list[bytes] = field(default_factory=list)
    rejects: list[RowReject] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.records) + len(self.rejects)


@dataclass(frozen=True)
class FileFault:
    """A file that cannot be read (further): ``line`` is the first line not read."""

    reason: Reason
    detail: str
    line: int


def row_text(data: bytes) -> str:
    """Row bytes as text for quarantine: invalid UTF-8 shown as \\x escapes."""
    return data[:TEXT_RAW_LIMIT].decode("utf-8", errors="backslashreplace")
