"""Contract validation: one test per rejection reason, and what an accepted row looks like."""

import datetime as dt
import json
from pathlib import Path

import pytest

from flywheel_pipeline.config import PiiPolicy, ProductConfig
from flywheel_pipeline.contract.pii import Scrubber
from flywheel_pipeline.contract.reasons import Reason, Rejection
from flywheel_pipeline.contract.validation import ContractValidator
from flywheel_pipeline.settings import PROJECT_ROOT

DAY = dt.date(2024, 3, 1)
CONFIG = ProductConfig.load(PROJECT_ROOT / "config")


def validator() -> ContractValidator:
    return ContractValidator(CONFIG.tracking_plan, Scrubber(PiiPolicy(), b"k"), DAY)


def good(**overrides):
    row = {
        "message_id": "m1",
        "type": "track",
        "event": "home",
        "user_id": "u1",
        "timestamp": "2024-03-01T10:00:00Z",
        "received_at": "2024-03-01T10:00:02Z",
    }
    row.update(overrides)
    return {k: v for k, v in row.items() if v is not None}


def test_accepts_a_valid_track_event():
    row = validator().validate(good(properties={"a": 1}), "landing/x.ndjson", 3)
    assert not isinstance(row, Rejection)
    assert row["message_id"] == "m1"
    assert row["timestamp"] == dt.datetime(2024, 3, 1, 10, 0, 0)
    assert row["received_at"] == dt.datetime(2024, 3, 1, 10, 0, 2)
    assert json.loads(row["properties"]) == {"a": 1}
    assert (row["_source_file"], row["_source_line"], row["_arrival_date"]) == (
        "landing/x.ndjson",
        3,
        DAY,
    )


def test_accepts_segment_camel_case_and_converts_offsets_to_utc():
    row = validator().validate(
        {
            "messageId": "m2",
            "type": "page",
            "anonymousId": "a1",
            "timestamp": "2024-03-01T12:00:00+02:00",
            "receivedAt": "2024-03-01T10:00:05Z",
        },
        "f",
        1,
    )
    assert row["anonymous_id"] == "a1" and row["user_id"] is None
    assert row["timestamp"] == dt.datetime(2024, 3, 1, 10, 0, 0)


@pytest.mark.parametrize(
    ("record", "field", "reason"),
    [
        (["not", "an", "object"], None, Reason.NOT_AN_OBJECT),
        (good(message_id=None), "message_id", Reason.MISSING_FIELD),
        (good(type=None), "type", Reason.MISSING_FIELD),
        (good(type="purchase"), "type", Reason.INVALID_TYPE),
        (good(user_id=None), "user_id", Reason.MISSING_IDENTITY),
        (good(timestamp=None), "timestamp", Reason.MISSING_FIELD),
        (good(timestamp="yesterday"), "timestamp", Reason.INVALID_TIMESTAMP),
        (good(sent_at="2024-13-45"), "sent_at", Reason.INVALID_TIMESTAMP),
        (good(event=None), "event", Reason.MISSING_EVENT),
        (good(event="teleported"), "event", Reason.UNKNOWN_EVENT),
        (good(event="order_completed"), "properties.order_id", Reason.MISSING_PROPERTY),
        (good(properties=[1, 2]), "properties", Reason.INVALID_FIELD),
        (good(context="{broken"), "context", Reason.INVALID_FIELD),
        (good(received_at="2024-03-02T00:00:01Z"), "received_at", Reason.OUTSIDE_PARTITION),
    ],
)
def test_each_rejection_names_file_line_field_and_reason(record, field, reason):
    result = validator().validate(record, "landing/events/dt=2024-03-01/a.ndjson", 7)
    assert isinstance(result, Rejection)
    assert (result.file, result.line, result.field, result.reason) == (
        "landing/events/dt=2024-03-01/a.ndjson",
        7,
        field,
        reason,
    )
    assert result.message.startswith(f"landing/events/dt=2024-03-01/a.ndjson:7: {field or 'row'}: ")


def test_required_property_present_is_accepted():
    row = validator().validate(good(event="order_completed", properties={"order_id": "o1"}), "f", 1)
    assert not isinstance(row, Rejection)


def test_missing_received_at_takes_the_landing_day():
    row = validator().validate(good(received_at=None), "f", 1)
    assert row["received_at"] == dt.datetime(2024, 3, 1)


def test_page_and_identify_are_not_checked_against_the_tracking_plan():
    for call in ("page", "identify"):
        row = validator().validate(good(type=call, event="Anything At All"), "f", 1)
        assert not isinstance(row, Rejection), row


def test_the_tracking_plan_marks_server_events_inactive():
    plan = ProductConfig.load(Path(PROJECT_ROOT / "config")).tracking_plan
    assert plan.inactive_events == ["checkout_bug", "payment_error"]


@pytest.mark.parametrize(
    ("overrides", "detail"),
    [
        # 1900: before the horizon (days_late_allowed=365 before the arrival day)
        ({"timestamp": "1900-01-01T00:00:00Z"}, "days_late_allowed=365"),
        # 2 hours after received_at: beyond future_tolerance_minutes=60
        ({"timestamp": "2024-03-01T12:00:03Z"}, "future_tolerance_minutes=60"),
        # a device clock a century ahead, corrected by sent_at: the corrected time is what counts
        (
            {"timestamp": "2124-03-01T10:00:00Z", "sent_at": "2024-03-01T09:59:59Z"},
            "clock-skew corrected",
        ),
    ],
)
def test_implausible_event_times_are_quarantined(overrides, detail):
    outcome = validator().validate(good(**overrides), "f", 1)
    if "sent_at" in overrides:  # corrected: 2124 - 100 years of skew -> implausible
        assert isinstance(outcome, Rejection) and outcome.reason == Reason.IMPLAUSIBLE_TIME
    else:
        assert isinstance(outcome, Rejection)
        assert (outcome.reason, outcome.field) == (Reason.IMPLAUSIBLE_TIME, "timestamp")
    assert detail in outcome.detail


def test_a_skewed_clock_within_bounds_is_accepted():
    # the device is an hour ahead; sent_at shows the same skew, so the event is plausible
    outcome = validator().validate(
        good(timestamp="2024-03-01T11:00:00Z", sent_at="2024-03-01T11:00:01Z"), "f", 1
    )
    assert not isinstance(outcome, Rejection)


@pytest.mark.parametrize(
    "stamp", ["9999-12-31T23:00:00-05:00", "0001-01-01T00:30:00+01:00", "10000-01-01T00:00:00"]
)
def test_timestamps_outside_years_1_to_9999_in_utc_are_invalid(stamp):
    outcome = validator().validate(good(timestamp=stamp), "f", 7)
    assert isinstance(outcome, Rejection)
    assert (outcome.reason, outcome.field, outcome.line) == (
        Reason.INVALID_TIMESTAMP,
        "timestamp",
        7,
    )
