"""Validation of parsed landing rows against the event contract and the tracking plan.

:meth:`ContractValidator.validate` turns one parsed row into either a raw-event
row (a dict keyed like :data:`~flywheel_pipeline.contract.schema.RAW_EVENT_SCHEMA`,
PII already scrubbed) or a :class:`Rejection` that names the file, line, field
and reason (docs/quarantine.md). It never raises on bad data.

Plausible time (docs/quarantine.md "implausible_time"): the clock-skew-corrected
event time (metrics.md "Time and identity") must lie within
``days_late_allowed`` days before the arrival day (Snowplow's
``days_late_allowed``) and at most ``future_tolerance_minutes`` after the
row's ``received_at`` (the end of the arrival day when absent; Segment's
future-timestamp rule).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from typing import Any

import orjson

from flywheel_pipeline.config import TrackingPlan
from flywheel_pipeline.contract.exact_json import duplicate_key, exact_loads
from flywheel_pipeline.contract.pii import NESTED_FIELDS, Scrubber, dump_json
from flywheel_pipeline.contract.reasons import Reason, Rejection
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
TIME_FIELDS = ("timestamp", "sent_at", "received_at")
# PostgreSQL's and parquet's microsecond timestamps hold years 1..9999; so do we.
MIN_TIME, MAX_TIME = dt.datetime(1, 1, 2), dt.datetime(9999, 12, 30)


EXTRA_DIGITS = re.compile(r"(\.\d{6})\d+")


def parse_timestamp(value: Any) -> dt.datetime:
    """An ISO-8601 string or datetime as a naive UTC datetime.

    A value without a zone is taken as UTC. Raises ValueError when unparseable
    or when the UTC time falls outside years 1..9999.
    """
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, str):
        text = value.strip()
        if text[-1:] in ("z", "Z"):
            text = text[:-1] + "+00:00"
        # sub-microsecond digits (nanosecond clocks) are cut to microseconds
        parsed = dt.datetime.fromisoformat(EXTRA_DIGITS.sub(r"\1", text))
    else:
        raise ValueError(f"expected an ISO-8601 string, got {type(value).__name__}")
    if parsed.tzinfo is not None:
        try:
            parsed = parsed.astimezone(dt.UTC).replace(tzinfo=None)
        except OverflowError as exc:
            raise ValueError("in UTC it falls outside years 1..9999") from exc
    if not MIN_TIME <= parsed <= MAX_TIME:
        raise ValueError("outside years 1..9999")
    return parsed


def as_id(value: Any) -> str | None:
    """An id field as raw stores it: its text, trimmed; None when absent, empty or
    not a scalar."""
    if value is None or isinstance(value, dict | list):
        return None
    text = str(value).strip()
    return text or None


class ContractValidator:
    """Validates parsed rows of one arrival partition (``arrival_date``, UTC)."""

    def __init__(self, plan: TrackingPlan, scrubber: Scrubber, arrival_date: dt.date) -> None:
        self.plan = plan
        self.scrubber = scrubber
        self.arrival_date = arrival_date
        day_start = dt.datetime.combine(arrival_date, dt.time())
        self.earliest = day_start - dt.timedelta(days=plan.days_late_allowed)
        self.day_end = day_start + dt.timedelta(days=1)
        self.tolerance = dt.timedelta(minutes=plan.future_tolerance_minutes)

    def _times(self, rec: dict, reject) -> dict[str, dt.datetime | None] | Rejection:
        times: dict[str, dt.datetime | None] = {}
        for name in TIME_FIELDS:
            value = rec.get(name)
            if value is None or value == "":
                times[name] = None
                continue
            try:
                times[name] = parse_timestamp(value)
            except (ValueError, TypeError) as exc:
                shown = self.scrubber.mask(repr(value)[:80])
                return reject(name, Reason.INVALID_TIMESTAMP, f"{shown} is not a timestamp: {exc}")
        if times["timestamp"] is None:
            return reject("timestamp", Reason.MISSING_FIELD, "timestamp is required")
        received = times["received_at"]
        if received is not None and received.date() != self.arrival_date:
            return reject(
                "received_at",
                Reason.OUTSIDE_PARTITION,
                f"received_at {received.isoformat()} is not on the landing day "
                f"{self.arrival_date.isoformat()}",
            )
        event_time = times["timestamp"]
        if times["sent_at"] is not None and received is not None:
            try:
                event_time = received - (times["sent_at"] - event_time)
            except OverflowError:
                event_time = MIN_TIME
        latest = (received or self.day_end) + self.tolerance
        if not self.earliest <= event_time <= latest:
            return reject(
                "timestamp",
                Reason.IMPLAUSIBLE_TIME,
                f"event time {event_time.isoformat()} (clock-skew corrected) is not between "
                f"{self.earliest.isoformat()} (days_late_allowed={self.plan.days_late_allowed}) "
                f"and {latest.isoformat()} (future_tolerance_minutes="
                f"{self.plan.future_tolerance_minutes})",
            )
        return times

    @staticmethod
    def _duplicate(record: dict, rec: dict) -> tuple[str, str] | None:
        """(field, detail) when the row holds a key twice where the contract reads
        (the top level, the first level of properties/context/traits) or spells a
        field both ways (``userId`` and ``user_id``): parsers disagree on which
        value wins, so the row is refused (docs/quarantine.md "duplicate_key")."""
        key = duplicate_key(record)
        if key is not None:
            return FIELD_ALIASES.get(key, key), f'the key "{key}" occurs twice in the row'
        if len(rec) != len(record):
            field = next(f for w, f in FIELD_ALIASES.items() if w in record and f in record)
            wire = next(w for w, f in FIELD_ALIASES.items() if f == field)
            return field, f'{field} is given twice, as "{wire}" and as "{field}"'
        for name in NESTED_FIELDS:
            key = duplicate_key(rec.get(name))
            if key is not None:
                return f"{name}.{key}", f'the key "{key}" occurs twice in {name}'
        return None

    def validate(
        self, record: Any, file: str, line: int, text: bytes | None = None
    ) -> dict[str, Any] | Rejection:
        """Check one parsed row; return the raw-event row or the rejection.

        The row's PII paths are hashed and dropped, and its ids and event name
        scrubbed; the free-text masking of properties/context/traits is left to
        :meth:`mask_batch`, column-wise. ``text`` (the row as read) lets the
        scrubber skip PII paths absent from it.
        """

        def reject(field: str | None, reason: Reason, detail: str) -> Rejection:
            return Rejection(file, line, field, reason, detail)

        if not isinstance(record, dict):
            return reject(None, Reason.NOT_AN_OBJECT, "a row must be a JSON object")
        rec = {FIELD_ALIASES.get(k, k): v for k, v in record.items()}
        ambiguous = self._duplicate(record, rec)
        if ambiguous is not None:
            return reject(ambiguous[0], Reason.DUPLICATE_KEY, ambiguous[1])

        message_id = as_id(rec.get("message_id"))
        if message_id is None:
            return reject("message_id", Reason.MISSING_FIELD, "message_id is required")
        call_type = as_id(rec.get("type"))
        if call_type is None:
            return reject("type", Reason.MISSING_FIELD, "type is required")
        if call_type not in EVENT_TYPES:
            shown = self.scrubber.mask(call_type[:80])
            return reject("type", Reason.INVALID_TYPE, f"unknown type {shown!r}")
        user_id, anonymous_id = as_id(rec.get("user_id")), as_id(rec.get("anonymous_id"))
        if user_id is None and anonymous_id is None:
            return reject(
                "user_id", Reason.MISSING_IDENTITY, "one of user_id, anonymous_id is required"
            )
        times = self._times(rec, reject)
        if isinstance(times, Rejection):
            return times

        nested: dict[str, dict[str, Any]] = {}
        for name in NESTED_FIELDS:
            value = rec.get(name)
            if isinstance(value, str) and value.strip():
                try:
                    orjson.loads(value)  # the strict judge; the value is read exactly
                    value = exact_loads(value)
                except orjson.JSONDecodeError:
                    return reject(name, Reason.INVALID_FIELD, f"{name} is not valid JSON")
            if value in (None, ""):
                value = {}
            if not isinstance(value, dict):
                return reject(name, Reason.INVALID_FIELD, f"{name} must be a JSON object")
            nested[name] = value

        event = as_id(rec.get("event")) or as_id(rec.get("name"))
        if call_type in TRACKED_TYPES:
            if event is None:
                return reject("event", Reason.MISSING_EVENT, "a track call needs an event name")
            spec = self.plan.events.get(event)
            if spec is None:
                shown = self.scrubber.mask(event[:200])
                return reject(
                    "event", Reason.UNKNOWN_EVENT, f"event {shown!r} is not in the tracking plan"
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
            # a file dropped without server times arrived on its landing day
            "received_at": times["received_at"]
            or dt.datetime.combine(self.arrival_date, dt.time()),
            "tenant_id": as_id(rec.get("tenant_id")),
            **nested,
        }
        scrubber = self.scrubber
        scrubber.scrub(row, text=text, mask_nested=False)
        try:
            for name in NESTED_FIELDS:
                row[name] = dump_json(row[name])  # masked per batch: mask_json_texts
        except TypeError as exc:  # e.g. an integer beyond 64 bits from a parquet file
            return reject(name, Reason.UNSTORABLE_VALUE, f"{name}: {exc}")
        row["_source_file"] = file
        row["_source_line"] = line
        row["_arrival_date"] = self.arrival_date
        return row

    def mask_batch(self, rows: list[dict[str, Any]]) -> None:
        """Mask PII in the free text of ``rows`` (validated rows), in place."""
        for name in NESTED_FIELDS:
            masked = self.scrubber.mask_json_texts([row[name] for row in rows])
            for row, text in zip(rows, masked, strict=True):
                row[name] = text

    def scrubbed_text(self, record: Any, text: str | None) -> str | None:
        """What quarantine keeps of a rejected row: the parsed row scrubbed like a
        raw event (PII hashed, dropped, masked) as JSON, or, when it could not be
        parsed, its text with PII masked."""
        if isinstance(record, dict):
            rec = {FIELD_ALIASES.get(k, k): v for k, v in record.items()}
            for name in NESTED_FIELDS:
                if isinstance(rec.get(name), str):
                    with contextlib.suppress(orjson.JSONDecodeError):
                        rec[name] = orjson.loads(rec[name])
            self.scrubber.scrub(rec)
            for name, value in list(rec.items()):
                if isinstance(value, str) and name not in NESTED_FIELDS:
                    rec[name] = self.scrubber.mask(value)
            try:
                return orjson.dumps(rec, default=str, option=orjson.OPT_NON_STR_KEYS).decode()
            except TypeError:
                return self.scrubber.mask(str(rec))
        if text is None:
            return None
        return self.scrubber.mask(text)
