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
