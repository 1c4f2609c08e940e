"""fct_sessions and the session columns of metrics_daily against the hand-made fixture
(tests/dbt/fixture_sessions.py), on both engine pairs."""

import pytest

from tests.dbt.fixture_sessions import EVENTS, EXPECTED_DAILY, EXPECTED_SESSIONS

# one build per session, shared by the tests of this group (pytest-xdist)
pytestmark = pytest.mark.xdist_group("sessions")


@pytest.fixture(scope="module")
def env(fixture_build):
    return fixture_build("sessions", EVENTS)


def test_sessions_follow_the_strictly_greater_30_minute_rule(env):
    rows = env.query(
        "select session_id, cast(session_date as varchar(10)), duration_seconds, event_count,"
        " first_event_name, last_event_name from marts.fct_sessions"
    )
    assert {r[0]: r[1:] for r in rows} == EXPECTED_SESSIONS


def test_a_session_keeps_its_entry_attributes(env):
    assert env.query(
        "select entry_platform, user_key from marts.fct_sessions where session_id = 's2/f'"
    ) == [("mobile", "s2")]


def test_metrics_daily_sessions_per_user_and_average_length(env):
    rows = env.query(
        "select cast(metric_date as varchar(10)), sessions, sessions_per_user, avg_session_seconds"
        " from marts.metrics_daily"
    )
    got = {r[0]: r[1:] for r in rows}
    for day, expected in EXPECTED_DAILY.items():
        assert got[day] == expected, day
