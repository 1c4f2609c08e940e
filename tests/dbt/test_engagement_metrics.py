"""dbt models against the hand-made fixture: DAU/WAU/MAU/new users, stitching, clock skew,
cross-day dedup. Incremental runs of these events (the anonymous events, the sign-in
that re-stitches them and the later link and late duplicate in three windows) are
compared with a full build, with every other fixture, on both engines, in
tests/integration/test_incremental_equals_full.py."""

import datetime as dt

import pytest

from tests.dbt.fixture_engagement import EVENTS, EXPECTED, FIRST_DATE, LAST_DATE
from tests.support import build_events, make_env

# one build per session, shared by the tests of this group (pytest-xdist)
pytestmark = pytest.mark.xdist_group("engagement")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fixture through raw, load and one full dbt build."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        env = make_env(tmp_path_factory.mktemp("full"), monkeypatch)
        days = build_events(env, EVENTS)
    return env, days


def test_dau_wau_mau_new_users_match_the_hand_computed_values(built):
    env, _ = built
    rows = {
        str(d): (dau, wau, mau, new)
        for d, dau, wau, mau, new in env.query(
            "select metric_date, dau, wau, mau, new_users from marts.metrics_daily"
        )
    }
    for day, expected in EXPECTED.items():
        assert rows[day] == expected, day
    # one row per calendar day, zero-activity days included
    first, last = dt.date.fromisoformat(FIRST_DATE), dt.date.fromisoformat(LAST_DATE)
    assert sorted(rows) == [str(first + dt.timedelta(n)) for n in range((last - first).days + 1)]


def test_anonymous_events_are_stitched_to_the_earliest_user(built):
    env, _ = built
    assert env.query("select anonymous_id, user_id from intermediate.int_identity_map") == [
        ("dev-3", "u3")
    ]
    keys = dict(env.query("select message_id, user_key from marts.fct_events"))
    assert keys["e07"] == keys["e08"] == "u3"  # retroactive: before the sign-in
    users = {
        r[0]: r[1:]
        for r in env.query(
            "select user_key, first_active_date, last_active_date from marts.dim_users"
        )
    }
    assert sorted(users) == ["u1", "u2", "u3", "u4", "u5", "u6", "u7", "u9"]  # no anon:dev-3
    assert users["u3"] == (dt.date(2024, 3, 3), dt.date(2024, 3, 5))
    assert users["u4"] == (None, None) and users["u9"] == (None, None)


def test_clock_skew_is_corrected(built):
    env, _ = built
    [(event_time, event_date)] = env.query(
        "select event_time, event_date from staging.stg_events where message_id = 'e09'"
    )
    assert event_time == dt.datetime(2024, 3, 3, 23, 39)
    assert event_date == dt.date(2024, 3, 3)


def test_the_first_received_copy_wins_across_arrival_days(built):
    env, _ = built
    assert env.query(
        "select event_name, arrival_date from staging.stg_events where message_id = 'e02'"
    ) == [("home", dt.date(2024, 3, 1))]
    assert env.query("select count(*) from marts.fct_events") == [(len(EVENTS) - 1,)]
