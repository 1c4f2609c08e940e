"""The whole pipeline through Dagster: late events, idempotent re-runs, bad input."""

import datetime as dt

from tests.dagster_support import failed_checks, materialization_metadata, run_pipeline
from tests.support import event

D1, D2 = "2024-03-01", "2024-03-02"


def metrics(env):
    return {
        r[0].isoformat(): r[1:]
        for r in env.query(
            "select metric_date, dau, wau, mau, new_users, events from marts.metrics_daily"
        )
    }


def test_a_late_event_corrects_its_own_date_and_nothing_else(pipeline_env):
    pipeline_env.write_landing(
        D1,
        "a.ndjson",
        [
            event("a1", "2024-02-28T10:00:00", user_id="a", received_at="2024-03-01T00:05:00"),
            event("b1", "2024-02-28T11:00:00", user_id="b", received_at="2024-03-01T00:06:00"),
            event("a2", "2024-03-01T10:00:00", user_id="a"),
            event("c1", "2024-03-01T12:00:00", user_id="c"),
        ],
    )
    result = run_pipeline(pipeline_env, D1)
    assert result.success and failed_checks(result) == []
    before = metrics(pipeline_env)
    # (dau, wau, mau, new_users, events); 2024 is a leap year: 02-29 has no activity
    assert before == {
        "2024-02-28": (2, 2, 2, 2, 2),
        "2024-02-29": (0, 2, 2, 0, 0),
        "2024-03-01": (2, 3, 3, 1, 2),
    }
    days_before = pipeline_env.query(
        "select * from marts.fct_user_daily where event_date = date '2024-02-28'"
        " order by tenant_id, user_key"
    )

    # arrival day 2: d's event of 03-01 arrives late; a is active on 03-02
    pipeline_env.write_landing(
        D2,
        "a.ndjson",
        [
            event("d1", "2024-03-01T20:00:00", user_id="d", received_at="2024-03-02T09:00:00"),
            event("a3", "2024-03-02T10:00:00", user_id="a"),
        ],
    )
    result = run_pipeline(pipeline_env, D2)
    assert result.success and failed_checks(result) == []
    # previews in the materialization metadata of the marts analysts look at first
    steps = materialization_metadata(result, "marts/funnel_overview")["funnel_steps"]
    assert steps.splitlines()[0].startswith("| tenant | funnel | step | name | users |")
    assert "| default | checkout | 1 | browse | 0 |" in steps  # events without a tenant_id
    triangle = materialization_metadata(result, "marts/retention_cohorts")
    assert "| cohort week | users | W0 |" in triangle["retention_triangle_head"]
    distribution = materialization_metadata(result, "marts/segment_distribution_daily")
    # a: active 02-28, 03-01, 03-02 (regular); b, c, d: one or two days (casual)
    assert "| 2024-03-02 | engagement | casual_user | 3 | 75.0% |" in distribution["distribution"]
    assert "| 2024-03-02 | lifecycle | new_user | 4 | 100.0% |" in distribution["distribution"]
    assert "| dau |" in materialization_metadata(result, "marts/key_metrics")["key_metrics"]
    after = metrics(pipeline_env)
    assert after["2024-02-28"] == before["2024-02-28"]
    assert after["2024-02-29"] == before["2024-02-29"]
    assert after["2024-03-01"] == (3, 4, 4, 2, 3)  # d counted on the day it belongs to
    assert after["2024-03-02"] == (1, 4, 4, 0, 1)
    assert (
        pipeline_env.query(
            "select * from marts.fct_user_daily where event_date = date '2024-02-28'"
            " order by tenant_id, user_key"
        )
        == days_before
    )


def test_materializing_a_partition_twice_gives_identical_contents(pipeline_env):
    pipeline_env.write_landing(
        D1,
        "a.ndjson",
        [
            event("a1", "2024-03-01T10:00:00", user_id="a"),
            event("a1", "2024-03-01T10:00:00", user_id="a"),
            event("b1", "2024-03-01T11:00:00", anonymous_id="x"),
        ],
    )
    tables = {
        "raw.events": "message_id",
        "staging.stg_events": "message_id",
        "marts.fct_events": "message_id",
        "marts.metrics_daily": "metric_date",
        "marts.dim_users": "user_key",
    }
    run_pipeline(pipeline_env, D1)
    raw1 = pipeline_env.raw_table(D1)
    first = {t: pipeline_env.table(t, k) for t, k in tables.items()}
    result = run_pipeline(pipeline_env, D1)
    assert result.success
    assert pipeline_env.raw_table(D1).equals(raw1)
    assert {t: pipeline_env.table(t, k) for t, k in tables.items()} == first
    assert first["raw.events"].__len__() == 2
    meta = materialization_metadata(result, "raw_events")
    assert (meta["rows_read"], meta["rows_written"], meta["duplicates"]) == (3, 2, 1)


def test_a_malformed_landing_file_quarantines_bad_rows_and_the_run_succeeds(pipeline_env):
    pipeline_env.write_landing(
        D1,
        "bad.ndjson",
        [
            event("g1", "2024-03-01T10:00:00", user_id="u1"),
            '{"message_id": "x1", "type": "track", "event": "home", ',  # broken JSON line
            {
                k: v
                for k, v in event("x2", "2024-03-01T10:00:00", user_id="u1").items()
                if k != "timestamp"
            },  # missing timestamp
            event("x3", "2024-03-01T10:00:00", user_id="u1", name="teleported"),  # unknown event
            event("x4", "2024-03-01T10:00:00", user_id="u1", properties={"blob": "x" * 40000}),
            event("g2", "2024-03-01T11:00:00", user_id="u2"),
        ],
    )
    # a file of no supported format is one quarantine record, and the run still succeeds
    pipeline_env.lake.write_bytes_atomic(f"landing/events/dt={D1}/notes.txt", b"hello\n")
    result = run_pipeline(pipeline_env, D1)
    assert result.success
    meta = materialization_metadata(result, "raw_events")
    assert (meta["rows_read"], meta["rows_written"], meta["rows_quarantined"]) == (7, 2, 5)
    assert meta["files_rejected"] == 1
    assert f"landing/events/dt={D1}/bad.ndjson:2: row: " in meta["quarantine_examples"]
    checks = {
        e.check_name: (e.passed, e.severity.value)
        for e in result.get_asset_check_evaluations()
        if e.asset_key.to_user_string() == "raw_events"
    }
    # the rows balance; the rejected file is a warning for the on-call, not a red day
    assert checks == {"row_accounting": (True, "ERROR"), "landing_files_readable": (False, "WARN")}
    quarantine = pipeline_env.raw_table(D1, "quarantine_files").to_pylist()
    assert [(q["_source_line"], q["reason"], q["field"]) for q in quarantine] == [
        (2, "invalid_json", None),
        (3, "missing_field", "timestamp"),
        (4, "unknown_event", "event"),
        (5, "oversized_row", None),
        (0, "unsupported_format", None),
    ]
    assert [q["_source_file"].rsplit("/", 1)[1] for q in quarantine] == ["bad.ndjson"] * 4 + [
        "notes.txt"
    ]
    assert pipeline_env.query("select message_id from raw.events order by 1") == [("g1",), ("g2",)]
    assert pipeline_env.query("select dau from marts.metrics_daily") == [(2,)]
    assert dt.date.fromisoformat(D1)  # partition key is an arrival day
