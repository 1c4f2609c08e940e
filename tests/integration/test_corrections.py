"""Corrections propagate: after a landing file is removed and a row edited, re-materializing
their arrival days incrementally leaves every model equal to a fresh full build of the
corrected landing data, on both engine pairs (docs/decisions.md "Corrections propagate").

The fixtures are all the hand-made ones (tests/dbt/fixture_*.py). The removed file is
a whole arrival day (its events, and any sign-in in it, must vanish from every model);
the edited row moves an event a day earlier and to another user (the old date and the
old identity must be recomputed too).
"""

import pytest

from flywheel_pipeline.lake.layout import EVENTS_SOURCE, landing_prefix
from tests.integration.test_incremental_equals_full import COMPARED, EVENTS, WINDOWS
from tests.support import (
    ENGINES,
    assert_same_rows,
    build_events,
    comparison_sql,
    engine_env_vars,
    land_events,
    make_env,
)


def corrected(events: list[dict], removed_day: str, edited_id: str) -> list[dict]:
    """The landing data after the correction: the removed day gone, one row edited."""
    out = []
    for e in events:
        if e["received_at"][:10] == removed_day:
            continue
        if e["message_id"] == edited_id:
            e = {**e, "timestamp": shifted(e["timestamp"]), "user_id": "corrected-user"}
            e.pop("sent_at", None)
        out.append(e)
    return out


def shifted(ts: str) -> str:
    """One day earlier (the edit moves the event to another event date)."""
    import datetime as dt

    return (dt.datetime.fromisoformat(ts) - dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize("engine", ENGINES)
def test_a_removed_file_and_an_edited_row_propagate_to_every_model(
    engine, request, tmp_path, monkeypatch
):
    inc = make_env(tmp_path / "inc", monkeypatch, **engine_env_vars(engine, request))
    days = land_events(inc, EVENTS)
    for lo, hi in WINDOWS:
        for day in (d for d in days if lo <= d <= hi):
            inc.build_raw(day)
            inc.load(day)
        inc.dbt_build((lo, hi))

    # the day with the most events goes; the first event of a later day is edited
    by_day: dict[str, list[dict]] = {}
    for e in EVENTS:
        by_day.setdefault(e["received_at"][:10], []).append(e)
    removed_day = max(by_day, key=lambda d: (len(by_day[d]), d))
    edited_day = next(d for d in days if d > removed_day and len(by_day[d]) > 1)
    edited = by_day[edited_day][0]
    fixed = corrected(EVENTS, removed_day, edited["message_id"])

    inc.lake.delete(f"{landing_prefix(EVENTS_SOURCE, removed_day)}/fixture.ndjson")
    inc.write_landing(
        edited_day, "fixture.ndjson", [e for e in fixed if e["received_at"][:10] == edited_day]
    )
    for day in (removed_day, edited_day):
        inc.build_raw(day)
        inc.load(day)
    retracted = inc.query("select count(*) from raw.events_retracted")
    assert retracted[0][0] == len(by_day[removed_day]) + 1  # the day's events and the edit
    inc.dbt_build((removed_day, edited_day))

    full = make_env(tmp_path / "full", monkeypatch, **engine_env_vars(engine, request))
    build_events(full, fixed)
    for model in COMPARED:
        sql = comparison_sql(full, model)
        assert_same_rows(inc.query(sql), full.query(sql), model)


def _event(mid: str, user: str, at: str, received: str, event: str = "home") -> dict:
    return {
        "message_id": mid,
        "type": "track",
        "event": event,
        "user_id": user,
        "timestamp": at,
        "received_at": received,
    }


# Arrival day 2024-03-05 brings two late events of 2024-03-03 (of u2 and of u4,
# whose only event it is) beside its own. Its re-delivered file drops both late
# events, so no surviving row of the run's window has their date, and every
# event of u3 on 2024-03-05 (u3 has no other). Hand-worked: before the
# correction 2024-03-03 has DAU 3 (u1, u2 from day 03, u4 late) and 2024-03-05
# DAU 2 (u1, u3); after it 2024-03-03 has DAU 2 and 2024-03-05 DAU 1, and u3 and
# u4 are gone from dim_users.
LATE_CASE = [
    _event("a1", "u1", "2024-03-03T09:00:00", "2024-03-03T09:00:01"),
    _event("a2", "u2", "2024-03-03T10:00:00", "2024-03-03T10:00:01"),
    _event("b1", "u1", "2024-03-04T09:00:00", "2024-03-04T09:00:01"),
    _event("c1", "u1", "2024-03-05T09:00:00", "2024-03-05T09:00:01"),
    _event("c2", "u3", "2024-03-05T10:00:00", "2024-03-05T10:00:01"),
    _event("c3", "u3", "2024-03-05T11:00:00", "2024-03-05T11:00:01", "search"),
    _event("c4", "u2", "2024-03-03T20:00:00", "2024-03-05T12:00:00", "search"),
    _event("c5", "u4", "2024-03-03T21:00:00", "2024-03-05T12:00:01"),
]
DROPPED = {"c2", "c3", "c4", "c5"}


@pytest.mark.parametrize("engine", ENGINES)
def test_retracted_late_events_leave_their_own_date_and_the_run_stays_green(
    engine, request, tmp_path, monkeypatch
):
    inc = make_env(tmp_path / "inc", monkeypatch, **engine_env_vars(engine, request))
    days = land_events(inc, LATE_CASE)
    for day in days:
        inc.build_raw(day)
        inc.load(day)
        inc.dbt_build((day, day))
    dau = "select metric_date, dau from marts.metrics_daily order by metric_date"
    before = {str(d): n for d, n in inc.query(dau)}
    assert (before["2024-03-03"], before["2024-03-05"]) == (3, 2)

    fixed = [e for e in LATE_CASE if e["message_id"] not in DROPPED]
    inc.write_landing(
        "2024-03-05", "fixture.ndjson", [e for e in fixed if e["received_at"] >= "2024-03-05"]
    )
    inc.build_raw("2024-03-05")
    inc.load("2024-03-05")
    inc.dbt_build(("2024-03-05", "2024-03-05"))  # dbt build: every test must pass

    after = {str(d): n for d, n in inc.query(dau)}
    assert (after["2024-03-03"], after["2024-03-05"]) == (2, 1)
    users = inc.query("select user_key from marts.dim_users order by user_key")
    assert [u for (u,) in users] == ["u1", "u2"]

    full = make_env(tmp_path / "full", monkeypatch, **engine_env_vars(engine, request))
    build_events(full, fixed)
    for model in COMPARED:
        sql = comparison_sql(full, model)
        assert_same_rows(inc.query(sql), full.query(sql), model)
