"""Retention triangles, the D1/D7/D30 summary and lifecycle counts against the hand-made
fixture (tests/dbt/fixture_retention.py), on both engine pairs."""

import pytest

from tests.dbt.fixture_retention import (
    COHORT_SIZES,
    EVENTS,
    LIFECYCLE_DAY,
    LIFECYCLE_WEEK,
    SUMMARY_ALL,
    TRIANGLES,
)

# one build per session, shared by the tests of this group (pytest-xdist)
pytestmark = pytest.mark.xdist_group("retention")


@pytest.fixture(scope="module")
def env(fixture_build):
    return fixture_build("retention", EVENTS)


def test_triangles_on_and_on_or_after_with_censored_periods_null(env):
    rows = env.query(
        "select cohort_grain, cast(cohort_start as varchar(10)), period_number, cohort_size,"
        " retained_on, retained_on_or_after from marts.retention_cohorts"
        " order by cohort_grain, cohort_start, period_number"
    )
    got: dict = {}
    sizes = {}
    for grain, start, _n, size, on, on_or_after in rows:
        got.setdefault((grain, start), []).append((on, on_or_after))
        sizes[(grain, start)] = size
    assert sizes == COHORT_SIZES
    for cohort, expected in TRIANGLES.items():
        assert got[cohort][: len(expected)] == expected, cohort
    # every period N from 0 to the configured maximum has a row
    assert len(got[("day", "2024-03-01")]) == 91 and len(got[("month", "2024-03-01")]) == 13


def test_d1_d7_d30_over_all_daily_cohorts(env):
    [row] = env.query(
        "select d1_retention, d7_retention, d30_retention from marts.retention_summary"
        " where range_type = 'all'"
    )
    assert row[0] == pytest.approx(SUMMARY_ALL[0])
    assert row[1] == pytest.approx(SUMMARY_ALL[1])
    assert row[2] is None


@pytest.mark.parametrize(
    ("model", "expected"),
    [("marts.lifecycle_daily", LIFECYCLE_DAY), ("marts.lifecycle_weekly", LIFECYCLE_WEEK)],
)
def test_lifecycle_counts(env, model, expected):
    rows = env.query(
        "select cast(period_start as varchar(10)), active_users, new_users, returning_users,"
        f" resurrecting_users, dormant_users from {model}"
    )
    assert {r[0]: r[1:] for r in rows} == expected
