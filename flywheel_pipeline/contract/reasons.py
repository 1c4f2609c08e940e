"""Why a landing row or file was quarantined: the ``reason`` column of quarantine.

docs/quarantine.md lists every reason with an example and the fix. Row reasons
name the file, line and field; the file reasons (the last group) are one
quarantine record for a whole object, with ``_source_line`` the first line not
read (0 when nothing was read).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Reason(StrEnum):
    """Quarantine reason codes."""

    # the row could not be parsed
    INVALID_JSON = "invalid_json"
    INVALID_ENCODING = "invalid_encoding"
    INVALID_CSV_ROW = "invalid_csv_row"
    OVERSIZED_ROW = "oversized_row"
    TOO_DEEP = "too_deep"
    UNSTORABLE_VALUE = "unstorable_value"
    DUPLICATE_KEY = "duplicate_key"
    # the row broke the event contract
    NOT_AN_OBJECT = "not_an_object"
    MISSING_FIELD = "missing_field"
    INVALID_TYPE = "invalid_type"
    MISSING_IDENTITY = "missing_identity"
    INVALID_TIMESTAMP = "invalid_timestamp"
    IMPLAUSIBLE_TIME = "implausible_time"
    OUTSIDE_PARTITION = "outside_partition"
    INVALID_FIELD = "invalid_field"
    MISSING_EVENT = "missing_event"
    UNKNOWN_EVENT = "unknown_event"
    MISSING_PROPERTY = "missing_property"
    # the whole file
    UNREADABLE_FILE = "unreadable_file"
    UNSUPPORTED_FORMAT = "unsupported_format"
    UNSUPPORTED_SHAPE = "unsupported_shape"
    NOT_A_REGULAR_FILE = "not_a_regular_file"


@dataclass(frozen=True)
class Rejection:
    """A landing row (or file) that failed: where, which field, why."""

    file: str
    line: int
    field: str | None
    reason: Reason
    detail: str

    @property
    def message(self) -> str:
        """``"<file>:<line>: <field>: <detail>"``, the text shown to people."""
        return f"{self.file}:{self.line}: {self.field or 'row'}: {self.detail}"
