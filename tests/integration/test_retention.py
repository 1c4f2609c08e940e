"""The retention policy (docs/privacy.md "Retention"), on both engine pairs.

Policy: 12 months by default, 6 for tenant globex; today 2025-06-01, so the
horizons are 2024-06-01 (acme and every other tenant) and 2024-12-01 (globex).

    arrival day   acme      globex    quarantine   after retention
    2024-03-01    2 rows    2 rows    1 record     partition empty, landing file deleted
    2024-09-01    2 rows    2 rows    1 record     acme's 2 rows kept; globex's and the
                                                   quarantine record (no tenant: the
                                                   shortest horizon) gone
    2025-03-01    2 rows    2 rows    -            everything kept

The dry run lists the same and changes nothing; afterwards every model equals
a fresh build of the kept events, and both runs are in the audit table.
"""

import hashlib

import pytest

from flywheel_pipeline.cli import main
from tests.support import (
    ENGINES,
    MODEL_KEYS,
    assert_same_rows,
    build_events,
    comparison_sql,
    config_copy,
    engine_env_vars,
    event,
    make_env,
)

POLICY = (
    "tenants: {}",
    "tenants:\n  acme: {}\n  globex:\n    retention_months: 6\n",
)
DAYS = ("2024-03-01", "2024-09-01", "2025-03-01")
EVENTS = [
    {
        **event(f"{tenant}-{day}-{n}", f"{day}T10:0{n}:00", user_id=f"u{n}", name="product_view"),
        "tenant_id": tenant,
    }
    for day in DAYS
    for tenant in ("acme", "globex")
    for n in (1, 2)
]
KEPT = [
    e
    for e in EVENTS
    if e["received_at"] >= "2025" or (e["received_at"] >= "2024-09" and e["tenant_id"] == "acme")
]
BAD_LINES = {"2024-03-01": '{"broken json', "2024-09-01": '{"broken json'}
COMPARED = {k: v for k, v in MODEL_KEYS.items() if k != "intermediate.int_touched_event_dates"}


def _digest(env) -> dict[str, str]:
    return {
        obj.key: hashlib.sha256(env.lake.read_bytes(obj.key)).hexdigest()
        for obj in env.lake.list_files("")
        if not obj.key.startswith(("privacy/audit/", "_locks/"))
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_retention_deletes_what_is_past_each_horizon(engine, request, tmp_path, monkeypatch):
    config = config_copy(tmp_path, {"tenants.yml": POLICY})
    policy = config / "tenants.yml"
    assert "  months: 24\n" in policy.read_text()
    policy.write_text(policy.read_text().replace("  months: 24\n", "  months: 12\n"))
    config_edit = {"FLYWHEEL_CONFIG_DIR": str(config)}

    reference = make_env(
        tmp_path / "reference", monkeypatch, **config_edit, **engine_env_vars(engine, request)
    )
    build_events(reference, KEPT)

    env = make_env(
        tmp_path / "kept", monkeypatch, **config_edit, **engine_env_vars(engine, request)
    )
    for day, line in BAD_LINES.items():
        env.write_landing(day, "broken.ndjson", [line])
    build_events(env, EVENTS)
    assert env.query("select count(*) from raw.events") == [(12,)]

    digest = _digest(env)
    assert main(["retention", "--dry-run", "--today", "2025-06-01"]) == 0
    assert _digest(env) == digest, "the dry run changed the lake"
    assert env.query("select count(*) from raw.events") == [(12,)]

    assert main(["retention", "--today", "2025-06-01"]) == 0

    assert [obj.key for obj in env.lake.list_files("landing/events/dt=2024-03-01")] == []
    assert env.raw_table("2024-03-01").num_rows == 0
    assert env.raw_table("2024-03-01", "quarantine_files").num_rows == 0
    kept_sep = env.raw_table("2024-09-01").to_pylist()
    assert sorted(r["message_id"] for r in kept_sep) == ["acme-2024-09-01-1", "acme-2024-09-01-2"]
    assert env.raw_table("2024-09-01", "quarantine_files").num_rows == 0
    assert env.raw_table("2025-03-01").num_rows == 4
    assert env.query("select count(*) from raw.events") == [(len(KEPT),)]

    for model in COMPARED:
        sql = comparison_sql(env, model, leave_out=("source_line",))
        assert_same_rows(env.query(sql), reference.query(sql), model)

    audit = env.query("select job, dry_run from flywheel_audit.privacy_jobs order by started_at")
    assert audit == [("retention", True), ("retention", False)]
