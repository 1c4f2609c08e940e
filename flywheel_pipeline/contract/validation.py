"""Validation of landing rows against the event contract and the tracking plan.

:meth:`ContractValidator.validate` turns one parsed landing row into either a
raw-event row (a dict keyed like :data:`~flywheel_pipeline.contract.schema.RAW_EVENT_SCHEMA`,
PII already scrubbed) or a :class:`Rejection` that names the file, line, field
and reason. It never raises on bad data.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from flywheel_pipeline.config import PiiPolicy, TrackingPlan
from flywheel_pipeline.contract.pii import NESTED_FIELDS, scrub
from flywheel_pipeline.contract.schema import EVENT_TYPES

# Segment's wire format is camelCase; warehouses use snake_case. Accept both.
FIELD_ALIASES = {
    "messageId": "message_id",
    "userId": "user_id",
    "anonymousId": "anonymous_id",
    "sentAt": "sent_at",
    "receivedAt": "received_at",
    "tenantId": "tenant_id",
}
TRACKED_TYPES = frozenset({"track"})


class Reason(StrEnum):
    """Why a landing row was quarantined (the ``reason`` column of quarantine)."""

    INVALID_JSON = "invalid_json"
    OVERSIZED_ROW = "oversized_row"
    NOT_AN_OBJECT = "not_an_object"
    MISSING_FIELD = "missing_field"
    INVALID_TYPE = "invalid_type"
    MISSING_IDENTITY = "missing_identity"
    INVALID_TIMESTAMP = "invalid_timestamp"
    MISSING_EVENT = "missing_event"
    UNKNOWN_EVENT = "unknown_event"
    MISSING_PROPERTY = "missing_property"
    INVALID_FIELD = "invalid_field"
    OUTSIDE_PARTITION = "outside_partition"


@dataclass(frozen=True)
class Rejection:
    """A landing row that failed the contract: where, which field, why."""

    file: str
    line: int
    field: str | None
    reason: Reason
    detail: str

    @property
    def message(self) -> str:
        """``"<file>:<line>: <field>: <detail>"``, the text shown to people."""
        return f"{self.file}:{self.line}: {self.field or 'row'}: {self.detail}"


def parse_timestamp(value: Any) -> dt.datetime:
    """An ISO-8601 string or datetime as a naive UTC datetime.

    A value without a zone is taken as UTC. Raises ValueError when unparseable.
    """
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str):
        parsed = dt.datetime.fromisoformat(value.strip())
    else:
        raise ValueError(f"expected an ISO-8601 string, got {type(value).__name__}")
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
    return parsed


def _as_id(value: Any) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


class ContractValidator:
    """Validates landing rows of one arrival partition (``arrival_date``, UTC)."""

    def __init__(
        self,
        plan: TrackingPlan,
        pii: PiiPolicy,
        pii_key: bytes,
        arrival_date: dt.date,
    ) -> None:
        self.plan = plan
        self.pii = pii
        self.pii_key = pii_key
        self.arrival_date = arrival_date

    def validate(self, record: Any, file: str, line: int) -> dict[str, Any] | Rejection:
        """Check one parsed row; return the raw-event row or the rejection."""

        def reject(field: str | None, reason: Reason, detail: str) -> Rejection:
            return Rejection(file, line, field, reason, detail)

        if not isinstance(record, dict):
            return reject(None, Reason.NOT_AN_OBJECT, "a row must be a JSON object")
        rec = {FIELD_ALIASES.get(k, k): v for k, v in record.items()}

        message_id = _as_id(rec.get("message_id"))
        if message_id is None:
            return reject("message_id", Reason.MISSING_FIELD, "message_id is required")
        call_type = _as_id(rec.get("type"))
        if call_type is None:
            return reject("type", Reason.MISSING_FIELD, "type is required")
        if call_type not in EVENT_TYPES:
            return reject("type", Reason.INVALID_TYPE, f"unknown type {call_type!r}")
        user_id, anonymous_id = _as_id(rec.get("user_id")), _as_id(rec.get("anonymous_id"))
        if user_id is None and anonymous_id is None:
            return reject(
                "user_id", Reason.MISSING_IDENTITY, "one of user_id, anonymous_id is required"
            )

        times: dict[str, dt.datetime | None] = {}
        for name in ("timestamp", "sent_at", "received_at"):
            value = rec.get(name)
            if value is None or value == "":
                times[name] = None
                continue
            try:
                times[name] = parse_timestamp(value)
            except ValueError as exc:
                return reject(
                    name, Reason.INVALID_TIMESTAMP, f"{value!r} is not a timestamp: {exc}"
                )
        if times["timestamp"] is None:
            return reject("timestamp", Reason.MISSING_FIELD, "timestamp is required")
        received_at = times["received_at"]
        if received_at is None:
            # A file dropped without server times: it arrived on its landing day.
            received_at = dt.datetime.combine(self.arrival_date, dt.time())
        elif received_at.date() != self.arrival_date:
            return reject(
                "received_at",
                Reason.OUTSIDE_PARTITION,
                f"received_at {received_at.isoformat()} is not on the landing day "
                f"{self.arrival_date.isoformat()}",
            )

        nested: dict[str, dict[str, Any]] = {}
        for name in NESTED_FIELDS:
            value = rec.get(name)
            if isinstance(value, str) and value.strip():
                try:
                    value = json.loads(value)
                except json.JSONDecodeError:
                    return reject(name, Reason.INVALID_FIELD, f"{name} is not valid JSON")
            if value in (None, ""):
                value = {}
            if not isinstance(value, dict):
                return reject(name, Reason.INVALID_FIELD, f"{name} must be a JSON object")
            nested[name] = value

        event = _as_id(rec.get("event")) or _as_id(rec.get("name"))
        if call_type in TRACKED_TYPES:
            if event is None:
                return reject("event", Reason.MISSING_EVENT, "a track call needs an event name")
            spec = self.plan.events.get(event)
            if spec is None:
                return reject(
                    "event", Reason.UNKNOWN_EVENT, f"event {event!r} is not in the tracking plan"
                )
            for prop in spec.required_properties:
                if nested["properties"].get(prop) is None:
                    return reject(
                        f"properties.{prop}",
                        Reason.MISSING_PROPERTY,
                        f"event {event!r} requires property {prop!r}",
                    )

        row: dict[str, Any] = {
            "message_id": message_id,
            "type": call_type,
            "event": event,
            "user_id": user_id,
            "anonymous_id": anonymous_id,
            "timestamp": times["timestamp"],
            "sent_at": times["sent_at"],
            "received_at": received_at,
            "tenant_id": _as_id(rec.get("tenant_id")),
            **nested,
        }
        scrub(row, self.pii, self.pii_key)
        for name in NESTED_FIELDS:
            row[name] = json.dumps(row[name], sort_keys=True, separators=(",", ":"), default=str)
        row["_source_file"] = file
        row["_source_line"] = line
        row["_arrival_date"] = self.arrival_date
        return row
