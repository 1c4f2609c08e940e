"""The bulk path (DuckDB, column-wise) accepts only what the line-by-line path
accepts, with the same values, and leaves everything else to it.

Every line of a varied corpus (the NDJSON of the hostile corpus, Segment-style
events, PII in listed and unlisted places, keys in other cases, ids that are
emails, odd numbers and spaces) goes through both paths: each line the bulk path
accepts, the line-by-line path accepts with equal columns (JSON compared as
values: key order may differ); each line it rejects, the bulk path left to it.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re

import duckdb
import orjson
import pytest

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.contract.bulk_pii import OTHER_LOWER_PREIMAGES, other_case_regex
from flywheel_pipeline.contract.bulk_validation import BulkValidator, hmac_pads
from flywheel_pipeline.contract.pii import NESTED_FIELDS, Scrubber, keyed_hash
from flywheel_pipeline.contract.validation import ContractValidator
from flywheel_pipeline.lake.landing_rows import Limits, RowReject
from flywheel_pipeline.lake.ndjson_blocks import LineBlock, _line_starts
from flywheel_pipeline.lake.read_ndjson import line_outcome
from flywheel_pipeline.settings import PROJECT_ROOT
from scripts.segment_events import segment_event
from tests.integration.hostile_corpus import DAY, good, hand_made_cases, line

KEY = b"test-pii-key-of-at-least-32-bytes"
ARRIVAL = dt.date.fromisoformat(DAY)


def _pii_lines() -> list[bytes]:
    """PII in listed and unlisted places, in other cases, in lists; ids as emails."""
    rows = [
        good("p1", context={"ip": "10.0.0.1", "device": {"ip": "10.0.0.2", "type": "x"}}),
        good("p2", context={"IP": "10.0.0.3"}),  # another case: Python finds it
        good("p3", context={"device": {"IP": "10.0.0.4"}}),
        good("p4", context={"\u212ap": 1, "ip": "10.0.0.5"}),  # Kelvin sign: not 'ip'
        good("p5", traits={"email": " Ann@Example.COM ", "plan": "pro"}),
        good("p6", traits={"email": "Ann@Example.COM", "name": "Ann Smith"}),  # name dropped
        good("p7", traits={"Email": "bob@example.com"}),
        good("p8", properties={"shipping": {"email": "c@example.com", "phone": "+1 415 555 2671"}}),
        good("p9", properties={"list": [{"email": "d@example.com"}]}),  # not walked into
        good("p10", properties={"email": "e@example.com", "other": {"email": "f@example.com"}}),
        good("p11", properties={"email": 12345}),  # not a string
        good("p12", properties={"email": None, "note": "call +1 415 555 2671"}),
        good("p13", userId="Ann@Example.com"),  # an id that is an email is hashed
        good("p14", anonymousId="x@y", userId="u14"),  # an @ that is no email
        good("p15", context={"ip": "10.0.0.6", "location": {"city": "Paris"}}),  # dropped
        good("p16", context={"ip": "10.0.0.7", "x": {"ip": "10.0.0.7"}}),  # same pair twice
        good("p17", context={"ip": "5" * 64}),  # already hash-shaped
        good("p18", properties={"card": "4111 1111 1111 1111", "ip": "192.168.1.1"}),
        good("p19", context={"ip": ["10.0.0.8"]}),
        good("p20", properties={"note": "mail ann%40example.com please"}),
    ]
    return [line(r) for r in rows]


def _odd_lines() -> list[bytes]:
    rows = [
        good("s1", userId=" padded "),
        good("s2", userId="u\u00a0"),
        good("s3", messageId="\u3000m3"),
        good("s4", userId=True),
        good("s5", userId=1.5),
        good("s6", userId=-0),
        good("s7", userId=123),
        good("s8", userId={"a": 1}),
        good("s9", type=" track"),
        good("s10", event="home", name="Home"),
        good("s11", type="page", event=None, name="Catalog"),
        good("s12", type="identify", event=None),
        good("s13", timestamp="2024-03-01 10:00:00"),  # no zone: UTC
        good("s14", timestamp="2024-03-01T10:00:00+02:00"),
        good("s15", timestamp="2024-03-01T24:00:00Z"),
        good("s16", timestamp="2024-02-30T10:00:00Z"),
        good("s17", timestamp="2024-03-01T10:00:00.1234567Z"),
        good("s18", sentAt="", receivedAt=""),
        good("s19", sentAt=None, receivedAt=None),
        good("s20", receivedAt="2024-03-01T23:59:59.999999Z"),
        good("s21", timestamp="2023-03-02T10:00:00Z", sentAt=None),  # 365 days before
        good("s22", timestamp="2023-03-01T10:00:00Z", sentAt=None),
        good("s23", properties={"n": 12345678901234567890}),
        good("s24", properties={"n": 1.5e300, "m": 1e5}),
        good("s25", tenantId="acme", properties={"s": "NaN"}),
        good("s26", properties={"x": "\u00e9\U0001f600"}),
        good("s27", message_id="s27b"),  # both spellings
        good("s28", event="order_completed", properties={"order_id": "o1"}),
        good("s29", event="order_completed", properties={"order_id": None}),
        good("s30", properties=None, context=None, traits=None),
        good("s31", properties="{}"),
        good("s32", type="TRACK"),
        # Segment's millisecond form, read by strptime on the bulk path
        good("s38", timestamp="2024-03-01T24:00:00.000Z"),
        good("s39", timestamp="2024-02-30T10:00:00.000Z"),
        good("s40", timestamp=" 024-03-01T10:00:00.000Z"),
        good("s41", timestamp="2024-03-01T10:00:00.1a3Z"),
        good("s42", timestamp="2024-03-01T10:00:60.000Z"),
        good("s43", timestamp="2024-03-01T10:00:00.000Z", sentAt="2024-03-01T10:00:00.500Z"),
    ]
    lines = [line(r) for r in rows]
    lines += DUPLICATE_KEY_LINES + list(EXACT_NUMBER_LINES.values())
    lines += [
        b'  {"messageId":"s34","type":"track","event":"home","userId":"u",'
        b'"timestamp":"2024-03-01T10:00:00Z"}  ',
        b'{"messageId":"s35","type":"track","event":"home","userId":"u\\u0020",'
        b'"timestamp":"2024-03-01T10:00:00Z"}',
        b'{"messageId":"s36","type":"track","event":"home","userId":"u",'
        b'"timestamp":"2024-03-01T10:00:00Z","extra":123456789012345678901}',
        b'{"messageId":"s37","type":"track","event":"home","userId":"u",'
        b'"timestamp":"2024-03-01T10:00:00Z","extra":[NaN]}',
        b"",
        b"   ",
    ]
    return lines


HEAD = b'"type":"track","userId":"u","timestamp":"2024-03-01T10:00:00Z"'
# a key twice where the contract reads (field named in the rejection), and
# deeper, where it does not (both paths keep the last copy when compared)
DUPLICATE_KEYS = {
    "event": b'{"messageId":"k1",' + HEAD + b',"event":"home","event":"purchase"}',
    "properties.a": b'{"messageId":"k2","event":"home",' + HEAD + b',"properties":{"a":1,"a":2}}',
    "context.ip": b'{"messageId":"k3","event":"home",'
    + HEAD
    + b',"context":{"ip":"1.2.3.4","ip":"5.6.7.8"}}',
    "traits.plan": b'{"messageId":"k4","event":"home",'
    + HEAD
    + b',"traits":{"plan":"a","plan":"b"}}',
    "properties": b'{"messageId":"k5","event":"home",'
    + HEAD
    + b',"properties":{"a":1},"properties":{"a":2}}',
    "user_id": b'{"messageId":"k6","event":"home",' + HEAD + b',"user_id":"v"}',
}
DUPLICATE_KEY_LINES = [
    *DUPLICATE_KEYS.values(),
    b'{"messageId":"k7","event":"home",' + HEAD + b',"context":{"x":{"y":1,"y":2}}}',
]
# identity numbers beyond 2^53 and 2^64, and decimals beyond a double: exact text
EXACT_NUMBER_LINES = {
    "9007199254740993": b'{"messageId":"n1","event":"home","type":"track",'
    b'"userId":9007199254740993,"timestamp":"2024-03-01T10:00:00Z"}',
    "123456789012345678901234567890": b'{"messageId":"n2","event":"home","type":"track",'
    b'"userId":123456789012345678901234567890,"timestamp":"2024-03-01T10:00:00Z"}',
    "18446744073709551616": b'{"messageId":18446744073709551616,"event":"home",'
    b'"type":"track","anonymousId":-18446744073709551617,"timestamp":"2024-03-01T10:00:00Z"}',
    "0.1000000000000000055511151231257827": b'{"messageId":"n4","event":"home",'
    + HEAD
    + b',"properties":{"p":0.1000000000000000055511151231257827,'
    b'"q":123456789012345678901234567890,"r":1e-400,"s":0.5}}',
}


def _corpus() -> list[bytes]:
    lines = []
    for case in hand_made_cases():
        if case.data and case.name.endswith((".ndjson", ".jsonl")) and len(case.data) < 100_000:
            lines += case.data.split(b"\n")
    rng = random.Random(3)
    lines += [orjson.dumps(segment_event(rng, n, ARRIVAL)) for n in range(300)]
    return lines + _pii_lines() + _odd_lines()


@pytest.fixture(scope="module")
def validators():
    config = ProductConfig.load(PROJECT_ROOT / "config")
    plan = config.tracking_plan
    limits = Limits(plan.max_row_bytes, plan.max_nesting_depth)
    validator = ContractValidator(plan, Scrubber(config.pii, KEY), ARRIVAL)
    con = duckdb.connect()
    con.execute("set TimeZone = 'UTC'")
    return validator, limits, BulkValidator(validator, limits, con)


def _block(lines: list[bytes]) -> LineBlock:
    data = b"".join(one + b"\n" for one in lines)
    return LineBlock(1, data, _line_starts(data, len(data)))


def _slow_path(validator, limits, block: LineBlock) -> dict[int, dict | str]:
    """Line -> the raw row (masked) or the rejection reason, line by line."""
    out: dict[int, dict | str] = {}
    rows = []
    for index in range(len(block)):
        got = line_outcome(block.first_line + index, block.line(index), limits)
        if got is None:
            continue
        if isinstance(got, RowReject):
            out[got.line] = str(got.reason)
            continue
        row = validator.validate(got[0], "f.ndjson", block.first_line + index, got[1])
        out[block.first_line + index] = str(row.reason) if hasattr(row, "reason") else row
        if isinstance(row, dict):
            rows.append(row)
    validator.mask_batch(rows)
    return out


def _comparable(row: dict) -> dict:
    return {
        name: json.loads(value) if name in NESTED_FIELDS else value for name, value in row.items()
    }


def test_bulk_accepts_only_what_the_line_path_accepts_with_the_same_values(validators):
    validator, limits, bulk = validators
    block = _block(_corpus())
    outcome = bulk.run(block, "f.ndjson")
    expected = _slow_path(validator, limits, block)

    accepted = outcome.accepted.to_pylist()
    for row in accepted:
        want = expected[row["_source_line"]]
        assert isinstance(want, dict), (
            row["_source_line"],
            want,
            block.line(row["_source_line"] - 1),
        )
        assert _comparable(row) == _comparable(want), block.line(row["_source_line"] - 1)
    # every line: accepted by bulk, left to the slow path, or blank
    handled = {row["_source_line"] for row in accepted} | {i + 1 for i in outcome.slow}
    assert handled == set(expected)
    assert not {row["_source_line"] for row in accepted} & {i + 1 for i in outcome.slow}
    # the bulk path does the plain work: every Segment-style event and most PII rows
    assert len(accepted) >= 300 + 10


def test_bulk_hashes_listed_pii_like_the_keyed_hash(validators):
    _, _, bulk = validators
    lines = [
        line(
            good(
                "h1",
                userId="Ann@Example.com",
                traits={"email": "Ann@Example.COM"},
                context={"ip": "10.1.2.3"},
            )
        )
    ]
    row = bulk.run(_block(lines), "f.ndjson").accepted.to_pylist()[0]
    assert row["user_id"] == keyed_hash("ann@example.com", KEY)
    assert json.loads(row["traits"])["email"] == keyed_hash("ann@example.com", KEY)
    assert json.loads(row["context"])["ip"] == keyed_hash("10.1.2.3", KEY)
    assert "10.1.2.3" not in row["context"] and "Ann" not in row["traits"]


def test_hmac_pads_reproduce_hmac_for_short_and_long_keys():
    import hashlib
    import hmac

    for key in (b"k" * 32, b"k" * 100):
        ipad, opad = hmac_pads(key)
        inner = hashlib.sha256(ipad + b"10.0.0.1").digest()
        assert (
            hashlib.sha256(opad + inner).hexdigest()
            == hmac.new(key, b"10.0.0.1", hashlib.sha256).hexdigest()
        )


def test_other_case_spellings_follow_python_lower():
    # every character whose str.lower() is an ASCII letter besides A-Z
    found = {
        chr(c).lower(): chr(c)
        for c in range(0x110000)
        if len(chr(c).lower()) == 1 and "a" <= chr(c).lower() <= "z" and not "A" <= chr(c) <= "z"
    }
    assert found == OTHER_LOWER_PREIMAGES
    pattern = re.compile(other_case_regex({"ip", "kind"}))
    assert pattern.search('{"IP":1}') and pattern.search('{"iP":1}')
    assert pattern.search('{"\u212aind":1}') and not pattern.search('{"ip":1,"kind":2}')


def test_a_key_twice_is_refused_by_both_paths_with_the_key_named(validators):
    validator, limits, bulk = validators
    block = _block(list(DUPLICATE_KEYS.values()))
    outcome = bulk.run(block, "f.ndjson")
    assert outcome.accepted.num_rows == 0
    assert outcome.slow == list(range(len(DUPLICATE_KEYS)))
    for index, field in enumerate(DUPLICATE_KEYS):
        value, text = line_outcome(index + 1, block.line(index), limits)
        rejection = validator.validate(value, "f.ndjson", index + 1, text)
        assert (rejection.reason, rejection.field) == ("duplicate_key", field)
        assert "twice" in rejection.detail


def test_numbers_keep_their_digits_on_either_path(validators):
    validator, limits, bulk = validators
    lines = list(EXACT_NUMBER_LINES.values())
    outcome = bulk.run(_block(lines), "f.ndjson")
    rows = {row["_source_line"]: row for row in outcome.accepted.to_pylist()}
    slow = []
    for index in outcome.slow:
        value, text = line_outcome(index + 1, lines[index], limits)
        rows[index + 1] = validator.validate(value, "f.ndjson", index + 1, text)
        slow.append(rows[index + 1])
    validator.mask_batch(slow)
    assert sorted(rows) == [1, 2, 3, 4]
    assert rows[1]["user_id"] == "9007199254740993"  # an int64: the bulk path keeps it
    assert rows[2]["user_id"] == "123456789012345678901234567890"
    assert rows[3]["message_id"] == "18446744073709551616"
    assert rows[3]["anonymous_id"] == "-18446744073709551617"
    assert rows[4]["properties"] == (
        '{"p":0.1000000000000000055511151231257827,"q":123456789012345678901234567890,'
        '"r":1e-400,"s":0.5}'
    )
    assert outcome.slow == [1, 2, 3]  # beyond 64 bits or a double: the exact path
