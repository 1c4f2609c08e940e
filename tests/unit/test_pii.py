"""PII: keyed hashing with normalised emails, wildcard and case-insensitive paths,
masking of personal data in every other string; nothing original reaches raw."""

import datetime as dt
import json

import pytest

from flywheel_pipeline.config import PiiPolicy
from flywheel_pipeline.contract.pii import Scrubber, keyed_hash
from flywheel_pipeline.contract.pii_detect import luhn_valid, mask_text
from tests.support import event

ALL = ("email", "phone", "card", "ip")


def test_keyed_hash_is_stable_depends_on_the_key_and_normalises_emails():
    assert keyed_hash("ann@example.com", b"k1") == keyed_hash("ann@example.com", b"k1")
    assert keyed_hash("ann@example.com", b"k1") != keyed_hash("ann@example.com", b"k2")
    assert keyed_hash("ann@example.com", b"k1") != keyed_hash("bob@example.com", b"k1")
    # trimmed and lower-cased before hashing: one person, one hash
    assert keyed_hash(" Ann@Example.COM ", b"k") == keyed_hash("ann@example.com", b"k")
    # only emails are normalised
    assert keyed_hash("User-1", b"k") != keyed_hash("user-1", b"k")
    assert len(keyed_hash("x", b"k")) == 64


def test_paths_match_nested_keys_wildcards_and_any_case():
    policy = PiiPolicy(
        hash=("**.email", "context.**.ip", "properties.*.phone"),
        drop=("traits.name",),
        mask=ALL,
    )
    record = {
        "user_id": "u1",
        "traits": {"Email": "Ann@Example.com", "NAME": "Ann", "plan": "pro"},
        "context": {"ip": "10.0.0.1", "device": {"IP": "10.0.0.2"}},
        "properties": {"customer": {"email": "bob@example.com", "phone": "+1 415 555 2671"}},
    }
    Scrubber(policy, b"k").scrub(record)
    assert record["traits"] == {"Email": keyed_hash("ann@example.com", b"k"), "plan": "pro"}
    assert record["context"] == {
        "ip": keyed_hash("10.0.0.1", b"k"),
        "device": {"IP": keyed_hash("10.0.0.2", b"k")},
    }
    assert record["properties"]["customer"] == {
        "email": keyed_hash("bob@example.com", b"k"),
        "phone": keyed_hash("+1 415 555 2671", b"k"),
    }


def test_ids_that_are_emails_are_hashed_like_the_email_field():
    record = {"user_id": " Ann@Example.com", "anonymous_id": "a-1", "traits": {}}
    Scrubber(PiiPolicy(hash=("traits.email",)), b"k").scrub(record)
    assert record["user_id"] == keyed_hash("ann@example.com", b"k")
    assert record["anonymous_id"] == "a-1"


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("mail ann.lee+x@mail.example.co.uk today", "mail [email] today"),
        (
            "https://shop.example.com/?e=ann%40example.com&p=1",
            "https://shop.example.com/?e=[email]&p=1",
        ),
        ("card 4111-1111-1111-1111", "card [card]"),
        ("order 4111-1111-1111-1112", "order 4111-1111-1111-1112"),  # fails Luhn
        ("call (415) 555-2671 or +44 20 7946 0958", "call [phone] or [phone]"),
        ("from 203.0.113.9 via 2001:db8::1", "from [ip] via [ip]"),
        # not personal data: versions, timestamps, prices, ids
        ("Mozilla/5.0 AppleWebKit/537.36 Chrome/120.0.0.0 Safari/537.36", None),
        ("2024-03-01T10:00:00.123Z at 12:30:00", None),
        ("price 1234.56 sku 12345678", None),
        ("v1.2.3.4.5 and 999.1.1.1", None),
    ],
)
def test_the_detector_masks_personal_data_and_leaves_the_rest(text, masked):
    assert mask_text(text, ALL) == (masked or text)


def test_luhn():
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")


def test_raw_partition_holds_no_original_pii(flywheel_env):
    email, name = "Ann.Secret@example.com", "Ann Secretname"
    flywheel_env.write_landing(
        "2024-03-01",
        "a.ndjson",
        [
            event(
                "m1",
                "2024-03-01T10:00:00",
                user_id="u1",
                type="identify",
                name=None,
                traits={"email": email, "name": name, "plan": "pro"},
                context={"ip": "203.0.113.9"},
            ),
            event("m2", "2024-03-01T10:01:00", user_id="u1", traits={"EMAIL": email.lower()}),
        ],
    )
    flywheel_env.build_raw("2024-03-01")
    table = flywheel_env.raw_table("2024-03-01")
    text = json.dumps(table.to_pylist(), default=str).lower()
    assert email.lower() not in text and name.lower() not in text and "203.0.113.9" not in text
    traits = [json.loads(t) for t in table.column("traits").to_pylist()]
    hashed = keyed_hash(email, flywheel_env.settings.pii_key.encode())
    # the same hash in any case, so a join on the hashed email still works
    assert [traits[0]["email"], traits[1]["EMAIL"]] == [hashed, hashed]
    assert "name" not in traits[0] and traits[0]["plan"] == "pro"


def test_a_listed_top_level_field_is_hashed_whatever_its_wire_name(flywheel_env):
    """`hash: [user_id]` applies to Segment's camelCase `userId` too."""
    from flywheel_pipeline.contract.validation import ContractValidator

    row = {
        "messageId": "m1",
        "type": "track",
        "event": "home",
        "userId": "u-42",
        "timestamp": "2024-03-01T10:00:00Z",
        "context": {"IP": "10.1.2.3"},
    }
    text = json.dumps(row).encode()
    scrubber = Scrubber(PiiPolicy(hash=("user_id", "context.ip")), b"k")
    plan = flywheel_env.config.tracking_plan
    out = ContractValidator(plan, scrubber, dt.date(2024, 3, 1)).validate(row, "f", 1, text)
    assert out["user_id"] == keyed_hash("u-42", b"k")
    assert json.loads(out["context"]) == {"IP": keyed_hash("10.1.2.3", b"k")}
