"""The pure parts of tenants and privacy: the tenants file, tenant-scoped
funnels, retention horizons, the ingest gate (default tenant, suppression)."""

import datetime as dt

import pyarrow as pa
import pytest

from flywheel_pipeline.config import ConfigError, ProductConfig
from flywheel_pipeline.privacy.retention import months_before
from flywheel_pipeline.privacy.subjects import Subject, raw_id_form, subject_hash
from flywheel_pipeline.privacy.suppression import IngestGate
from flywheel_pipeline.transform.dbt_vars import tenant_funnels, tenant_segments
from tests.support import config_copy

KEY = b"k" * 32
OVERRIDES = """tenants:
  acme:
    timezone: Europe/Paris
    segments: {engagement: {churn_days: 14}}
    funnels:
      - name: checkout
        description: acme's own.
        conversion_window_days: 2
        steps:
          - {name: view, event: product_view}
          - {name: buy, event: purchase}
  globex: {retention_months: 6}
"""


def test_a_tenant_overrides_its_funnel_and_thresholds_only(tmp_path):
    config = ProductConfig.load(config_copy(tmp_path, {"tenants.yml": ("tenants: {}", OVERRIDES)}))
    funnels = {(f["name"], tuple(f["tenants"] or ())): f for f in tenant_funnels(config)}
    assert funnels[("checkout", ())]["except_tenants"] == ["acme"]
    assert len(funnels[("checkout", ("acme",))]["steps"]) == 2
    assert funnels[("search_to_cart", ())]["except_tenants"] == []
    segments = tenant_segments(config)
    assert list(segments) == ["acme"]  # globex overrides nothing of the segments
    assert segments["acme"]["engagement"]["churn_days"] == 14
    assert segments["acme"]["engagement"]["activity_days"] == 30  # from segments.yml
    assert config.tenants.months_for("events", "globex") == 6
    assert config.tenants.months_for("events", "anyone") == 24
    assert config.tenants.tenant_ids == ("acme", "default", "globex")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("tenants: {}", "tenants: {Acme: {}}", "tenants.Acme: 'Acme' is not a tenant id"),
        ("tenants: {}", "tenants: {acme: {timezone: Mars/Base}}", "is not an IANA time zone"),
        ("  months: 24", "  months: 0", "retention.months: input should be greater than 0"),
        ("tenants: {}", "tenants: {acme: {segment: {}}}", "did you mean 'segments'?"),
    ],
)
def test_a_wrong_tenants_file_names_file_key_and_fix(tmp_path, old, new, message):
    with pytest.raises(ConfigError) as error:
        ProductConfig.load(config_copy(tmp_path, {"tenants.yml": (old, new)}))
    assert "tenants.yml: " in str(error.value) and message in str(error.value)
    assert "\n" not in str(error.value)


def test_months_before_counts_calendar_months():
    assert months_before(dt.date(2026, 11, 22), 24) == dt.date(2024, 11, 22)
    assert months_before(dt.date(2025, 3, 31), 1) == dt.date(2025, 2, 28)
    assert months_before(dt.date(2024, 5, 31), 3) == dt.date(2024, 2, 29)
    assert months_before(dt.date(2025, 1, 15), 13) == dt.date(2023, 12, 15)


def test_a_subject_is_looked_up_as_raw_stores_it():
    with pytest.raises(ValueError, match="user_id or an anonymous_id"):
        Subject("acme")
    assert raw_id_form("u-42", KEY) == "u-42"
    assert raw_id_form(" Ann@X.com", KEY) == raw_id_form("ann@x.com", KEY) != "ann@x.com"
    assert Subject("acme", user_id="Ann@x.com").raw_ids(KEY) == {raw_id_form("ann@x.com", KEY)}
    # the same id of two tenants: two different subject hashes
    assert subject_hash("acme", "u-42", KEY) != subject_hash("globex", "u-42", KEY)


def test_the_ingest_gate_stamps_the_default_tenant_and_drops_suppressed_subjects():
    table = pa.table(
        {
            "tenant_id": ["acme", None, "globex", "acme"],
            "user_id": ["u-42", "u-42", "u-42", None],
            "anonymous_id": [None, None, None, "a-9"],
            "message_id": ["1", "2", "3", "4"],
        }
    )
    gate = IngestGate("default", frozenset(), KEY)
    stamped, dropped = gate.apply(table)
    assert stamped["tenant_id"].to_pylist() == ["acme", "default", "globex", "acme"]
    assert dropped == 0
    suppressed = frozenset({subject_hash("acme", "u-42", KEY), subject_hash("acme", "a-9", KEY)})
    kept, dropped = IngestGate("default", suppressed, KEY).apply(table)
    assert kept["message_id"].to_pylist() == ["2", "3"]  # acme's u-42 and a-9 only
    assert dropped == 2


def test_landing_rows_are_read_as_validation_reads_ids():
    """Erasure matches a landing row by its ids as raw stores them: camelCase
    spellings, numbers as text, surrounding spaces trimmed."""
    from flywheel_pipeline.privacy.landing_rewrite import id_fields

    assert id_fields({"userId": " u-42 ", "tenantId": "acme", "anonymous_id": 7}) == {
        "tenant_id": "acme",
        "user_id": "u-42",
        "anonymous_id": "7",
    }
