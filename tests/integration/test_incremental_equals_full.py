"""Incremental correctness: every hand-made fixture together, built arrival window by
arrival window as Dagster runs them, equals one full build of the same data - every
model, on both engine pairs.

The windows put late data in later runs: the event that merges two sessions across
midnight (tests/dbt/fixture_sessions.py `i`), a sign-in that re-stitches earlier
anonymous events, a late duplicate, late activity that changes retention, lifecycle
and segments of earlier dates.
"""

import pytest

from tests.dbt import fixture_all
from tests.support import (
    ENGINES,
    MODEL_KEYS,
    assert_same_rows,
    build_events,
    comparison_sql,
    engine_env_vars,
    land_events,
    make_env,
)

EVENTS = fixture_all.EVENTS
WINDOWS = [
    ("2024-02-01", "2024-03-03"),
    ("2024-03-04", "2024-03-05"),
    ("2024-03-06", "2024-03-09"),
    ("2024-03-10", "2024-04-15"),
    ("2024-04-16", "2024-04-30"),
]
# int_touched_event_dates holds the last run's dates, by design
COMPARED = {k: v for k, v in MODEL_KEYS.items() if k != "intermediate.int_touched_event_dates"}


@pytest.mark.parametrize("engine", ENGINES)
def test_window_by_window_equals_a_full_build(engine, request, tmp_path, monkeypatch):
    full = make_env(tmp_path / "full", monkeypatch, **engine_env_vars(engine, request))
    build_events(full, EVENTS)

    inc = make_env(tmp_path / "inc", monkeypatch, **engine_env_vars(engine, request))
    days = land_events(inc, EVENTS)
    assert WINDOWS[0][0] <= days[0] and days[-1] <= WINDOWS[-1][1]
    for lo, hi in WINDOWS:
        for day in (d for d in days if lo <= d <= hi):
            inc.build_raw(day)
            inc.load(day)
        inc.dbt_build((lo, hi))

    for model in COMPARED:
        sql = comparison_sql(full, model)
        assert_same_rows(inc.query(sql), full.query(sql), model)
