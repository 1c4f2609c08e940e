"""metrics_weekly and key_metrics against the hand-made retention fixture
(tests/dbt/fixture_retention.py), on both engine pairs."""

import pytest

from tests.dbt.fixture_retention import EVENTS, KEY_METRICS, WEEKLY

# one build per session, shared by the tests of this group (pytest-xdist)
pytestmark = pytest.mark.xdist_group("retention")


@pytest.fixture(scope="module")
def env(fixture_build):
    return fixture_build("retention", EVENTS)


def test_weekly_rollup(env):
    rows = env.query(
        "select cast(week_start as varchar(10)), active_users, new_users, events, sessions,"
        " sessions_per_user, avg_session_seconds from marts.metrics_weekly"
    )
    got = {r[0]: r[1:] for r in rows}
    assert got.keys() == WEEKLY.keys()
    for week, expected in WEEKLY.items():
        assert got[week] == pytest.approx(expected), week


def test_key_metrics_compare_the_last_n_days_with_the_n_before(env):
    rows = env.query(
        "select metric_name, current_value, previous_value, change_pct,"
        " cast(current_start as varchar(10)), cast(previous_end as varchar(10))"
        " from marts.key_metrics"
    )
    got = {r[0]: r[1:4] for r in rows}
    assert {r[4:] for r in rows} == {("2024-03-05", "2024-03-04")}
    for name, expected in KEY_METRICS.items():
        assert got[name] == pytest.approx(expected), name
    assert "search_to_cart_conversion" in got
