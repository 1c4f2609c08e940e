"""Arrow schemas of the raw event (Segment spec) and of a quarantined row.

Raw event, one row per accepted event (grain: one ``message_id`` per arrival
partition). Timestamps are UTC, stored without a zone (``timestamp[us]``), so
DuckDB and PostgreSQL read them the same way. ``properties``, ``context`` and
``traits`` stay JSON text (architecture.md "Event contract").
"""

from __future__ import annotations

import pyarrow as pa

EVENT_TYPES = frozenset({"track", "identify", "page", "screen", "alias", "group"})
"""Segment spec call types."""

TS = pa.timestamp("us")

RAW_EVENT_SCHEMA = pa.schema(
    [
        pa.field("message_id", pa.string(), nullable=False),  # dedup key
        pa.field("type", pa.string(), nullable=False),  # one of EVENT_TYPES
        pa.field("event", pa.string()),  # track event name; page/screen name
        pa.field("user_id", pa.string()),
        pa.field("anonymous_id", pa.string()),
        pa.field("timestamp", TS),  # event time on the client clock, UTC
        pa.field("sent_at", TS),  # client clock when sent, UTC
        pa.field("received_at", TS, nullable=False),  # server arrival time, UTC
        pa.field("tenant_id", pa.string()),
        pa.field("properties", pa.string()),  # JSON object
        pa.field("context", pa.string()),  # JSON object
        pa.field("traits", pa.string()),  # JSON object
        # lineage: where the row came from
        pa.field("_source_file", pa.string(), nullable=False),  # landing key
        pa.field("_source_line", pa.int64(), nullable=False),  # 1-based line/row number
        pa.field("_arrival_date", pa.date32(), nullable=False),  # raw partition (UTC day)
    ]
)
CONTRACT_FIELDS = tuple(f.name for f in RAW_EVENT_SCHEMA if not f.name.startswith("_"))

QUARANTINE_SCHEMA = pa.schema(
    [
        pa.field("_source_file", pa.string(), nullable=False),
        pa.field("_source_line", pa.int64(), nullable=False),
        pa.field("field", pa.string()),  # contract field at fault, null for a whole-row fault
        pa.field("reason", pa.string(), nullable=False),  # reason code, see validation.Reason
        pa.field("message", pa.string(), nullable=False),  # "file:line: field: detail"
        pa.field("raw_record", pa.string()),  # the input row, truncated to 4 KB
        pa.field("_arrival_date", pa.date32(), nullable=False),
    ]
)

RETRACTION_KEY = (
    "message_id",
    "type",
    "event",
    "user_id",
    "anonymous_id",
    "timestamp",
    "sent_at",
    "received_at",
    "tenant_id",
)
"""The raw-event columns that place an event in time and identity: a reloaded
arrival day whose version of an event differs in one of them (or lacks it)
retracts the old version."""

RETRACTED_SCHEMA = pa.schema(
    [RAW_EVENT_SCHEMA.field(name) for name in RETRACTION_KEY]
    + [RAW_EVENT_SCHEMA.field("_arrival_date")]
)
"""Warehouse table raw.<source>_retracted, one row per retracted version of an
event (grain: message_id x key columns x arrival day): a raw event that a
later load of its arrival day no longer holds as it was (docs/decisions.md
"Corrections propagate"). dbt recomputes the dates and identities it touched."""
