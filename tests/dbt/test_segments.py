"""Segments as of a date, their history and distribution, against the hand-made fixture
(tests/dbt/fixture_segments.py), on both engine pairs."""

import pytest

from tests.dbt.fixture_segments import (
    AS_OF,
    ENGAGEMENT_DISTRIBUTION,
    EVENTS,
    HISTORY,
    MEMBERSHIPS,
)

# one build per session, shared by the tests of this group (pytest-xdist)
pytestmark = pytest.mark.xdist_group("segments")


@pytest.fixture(scope="module")
def env(fixture_build):
    return fixture_build("segments", EVENTS)


def test_memberships_on_the_last_date(env):
    got: dict = {}
    for user, segment_type, segment in env.query(
        "select user_key, segment_type, segment from marts.dim_user_segments_current"
    ):
        got.setdefault(user, set()).add((segment_type, segment))
    assert got == MEMBERSHIPS
    assert env.query(
        "select count(*) from intermediate.int_user_segment_days"
        f" where as_of_date = '{AS_OF}' and segment_type = 'engagement'"
    ) == [(len(MEMBERSHIPS),)]


def test_history_answers_who_was_in_a_segment_on_a_date(env):
    rows = env.query(
        "select user_key, segment_type, segment, cast(valid_from as varchar(10)),"
        " cast(valid_to as varchar(10)) from marts.fct_user_segments order by valid_from"
    )
    for (user, segment_type), expected in HISTORY.items():
        got = [r[2:] for r in rows if r[0] == user and r[1] == segment_type]
        assert got == expected, (user, segment_type)
    at_risk_on_0425 = env.query(
        "select user_key from marts.fct_user_segments where segment = 'at_risk'"
        " and valid_from <= '2024-04-25' and (valid_to is null or valid_to > '2024-04-25')"
    )
    assert at_risk_on_0425 == [("g_risk",)]


def test_the_distribution_sums_to_the_users_segmented(env):
    rows = env.query(
        "select segment, users, users_segmented from marts.segment_distribution_daily"
        f" where as_of_date = '{AS_OF}' and segment_type = 'engagement'"
    )
    assert {r[0]: r[1] for r in rows} == ENGAGEMENT_DISTRIBUTION
    assert {r[2] for r in rows} == {8}
