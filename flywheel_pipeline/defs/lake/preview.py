"""The raw-events preview in Dagster metadata: a few rows, no personal data.

The event log is kept for long and read by many, so the preview shows ids as a
short keyed hash (``h:`` + 12 hex characters of HMAC-SHA256 under the PII key)
and the event name as scrubbed; properties, context and traits are left out
(docs/pii.md).
"""

from __future__ import annotations

from typing import Any

from flywheel_pipeline.contract.pii import keyed_hash
from flywheel_pipeline.reporting.render import markdown_table

COLUMNS = ["message_id", "type", "event", "user", "timestamp", "received_at"]


def short_hash(value: str | None, key: bytes) -> str:
    """``h:`` and the first 12 hex characters of the keyed hash; empty for None."""
    return "" if value is None else f"h:{keyed_hash(value, key)[:12]}"


def preview_table(rows: list[dict[str, Any]], key: bytes) -> str:
    """A markdown table of raw-event rows with the user pseudonymised."""
    return markdown_table(
        COLUMNS,
        [
            [
                r["message_id"],
                r["type"],
                r["event"],
                short_hash(r["user_id"] or r["anonymous_id"], key),
                r["timestamp"],
                r["received_at"],
            ]
            for r in rows
        ],
    )
