"""Funnel models against the hand-made fixture (tests/dbt/fixture_funnels.py), on both
engine pairs. The property-filtered `promo_purchase` funnel is added by editing a copy
of config/funnels.yml only."""

import pytest

from tests.dbt.fixture_funnels import (
    CHECKOUT_ALL,
    CHECKOUT_CONVERSION,
    CHECKOUT_OVERVIEW,
    CHECKOUT_PLATFORM_0301,
    EVENTS,
    PROMO_FUNNEL,
)

# one build per session, shared by the tests of this group (pytest-xdist)
pytestmark = pytest.mark.xdist_group("funnels")


@pytest.fixture(scope="module")
def env(fixture_build):
    return fixture_build("funnels", EVENTS, extra_funnels=PROMO_FUNNEL)


def daily(env, funnel, breakdown):
    rows = env.query(
        "select cast(entry_date as varchar(10)), breakdown_value, step_number, users_reached,"
        " median_seconds_from_entry, is_window_complete from marts.funnel_conversion_daily"
        f" where funnel_name = '{funnel}' and breakdown = '{breakdown}'"
        " order by entry_date, breakdown_value, step_number"
    )
    out: dict = {}
    for day, value, _step, users, median, complete in rows:
        out.setdefault((day, value), ([], complete))[0].append((users, median))
    return out


def test_checkout_steps_per_entry_date(env):
    got = daily(env, "checkout", "all")
    assert {day: v for (day, _), v in got.items()} == CHECKOUT_ALL


def test_checkout_breakdown_by_first_touch_platform(env):
    got = daily(env, "checkout", "platform")
    assert {
        value: [users for users, _ in steps]
        for (day, value), (steps, _) in got.items()
        if day == "2024-03-01"
    } == CHECKOUT_PLATFORM_0301


def test_the_anonymous_user_is_counted_once_under_the_signed_in_key(env):
    assert env.query(
        "select user_key, steps_reached from marts.fct_funnel_progress"
        " where funnel_name = 'checkout' and step_number = 1 and user_key in ('f5', 'anon:dev-f5')"
    ) == [("f5", 4)]


def test_rates_of_the_overview(env):
    rows = env.query(
        "select users_reached, conversion_from_start, conversion_from_previous,"
        " median_seconds_from_entry from marts.funnel_overview"
        " where funnel_name = 'checkout' order by step_number"
    )
    assert len(rows) == len(CHECKOUT_OVERVIEW)
    for got, expected in zip(rows, CHECKOUT_OVERVIEW, strict=True):
        assert got == pytest.approx(expected), (got, expected)


def test_a_funnel_added_in_config_filters_on_properties(env):
    assert daily(env, "promo_purchase", "all") == {
        ("2024-03-05", "all"): ([(1, 0.0), (1, 3600.0)], True)
    }
    assert env.query(
        "select promo_purchase_conversion from marts.metrics_daily where metric_date = '2024-03-05'"
    ) == [(1.0,)]


def test_metrics_daily_has_each_funnels_conversion(env):
    got = dict(
        env.query(
            "select cast(metric_date as varchar(10)), checkout_conversion from marts.metrics_daily"
        )
    )
    for day, expected in CHECKOUT_CONVERSION.items():
        assert got[day] == pytest.approx(expected), day
