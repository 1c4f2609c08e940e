"""The demo's numbers: the bundled sample through Dagster, checked against an
independent computation in plain pandas that follows metrics.md."""

import datetime as dt

import pandas as pd
import pytest

from flywheel_pipeline.replay.replay import ReplayPlan, replay_csv
from flywheel_pipeline.reporting.reports import load_reports
from flywheel_pipeline.reporting.summary import lake_counts, render_summary
from flywheel_pipeline.settings import PROJECT_ROOT
from flywheel_pipeline.transform.runner import MANIFEST_PATH
from flywheel_pipeline.warehouse import open_warehouse
from tests.dagster_support import failed_checks, run_pipeline
from tests.integration.sample_pandas import (
    checkout_funnel,
    retention_d1_d7_d30,
    sample_events,
    sessions_per_date,
)
from tests.support import ENGINES, engine_env_vars, make_env

# one build per session, shared by the tests of this group (pytest-xdist)
pytestmark = pytest.mark.xdist_group("sample")

SAMPLE = PROJECT_ROOT / "data" / "samples" / "ecom"
INACTIVE = {"checkout_bug", "payment_error"}  # config/tracking_plan.yml: active: false


def pandas_engagement() -> pd.DataFrame:
    """DAU, WAU, MAU, new users and events per date, from the sample file alone.

    The replay sets sent_at = received_at, so event_time = timestamp (UTC) and
    event_date = its date; every row has a user_id, so the user key is user_id.
    """
    df = pd.read_csv(SAMPLE / "ecom.csv.gz", parse_dates=["timestamp"])
    df["date"] = df["timestamp"].dt.normalize()
    active = df[~df["event"].isin(INACTIVE)]
    first_active = active.groupby("user_id")["date"].min()
    rows = []
    for day in pd.date_range(df["date"].min(), df["date"].max(), freq="D"):

        def users(days, day=day):
            window = active[
                (active["date"] > day - pd.Timedelta(days=days)) & (active["date"] <= day)
            ]
            return window["user_id"].nunique()

        rows.append(
            {
                "metric_date": day.date(),
                "dau": users(1),
                "wau": users(7),
                "mau": users(28),
                "new_users": int((first_active == day).sum()),
                "events": int((df["date"] == day).sum()),
            }
        )
    return pd.DataFrame(rows).set_index("metric_date")


_BUILT: dict = {}


def build_sample(engine: str, request, tmp_path_factory):
    """The whole sample through Dagster on ``engine``, once per session."""
    if engine not in _BUILT:
        with pytest.MonkeyPatch.context() as monkeypatch:
            env = make_env(
                tmp_path_factory.mktemp(engine), monkeypatch, **engine_env_vars(engine, request)
            )
            replayed = replay_csv(
                env.lake, SAMPLE / "ecom.csv.gz", ReplayPlan.load(SAMPLE / "replay.yml")
            )
            result = run_pipeline(env, replayed.first_day, replayed.last_day)
            assert result.success and failed_checks(result) == []
        _BUILT[engine] = (env, replayed)
    return _BUILT[engine]


@pytest.fixture(params=ENGINES)
def sample_env(request, tmp_path_factory):
    return build_sample(request.param, request, tmp_path_factory)


def test_metrics_daily_equals_pandas_on_every_date(sample_env):
    env, _ = sample_env
    expected = pandas_engagement()
    got = (
        pd.DataFrame(
            env.query(
                "select metric_date, dau, wau, mau, new_users, events from marts.metrics_daily"
            ),
            columns=["metric_date", "dau", "wau", "mau", "new_users", "events"],
        )
        .set_index("metric_date")
        .sort_index()
    )
    assert list(got.index) == list(expected.index)
    pd.testing.assert_frame_equal(got, expected, check_dtype=False)
    # spot dates the demo prints
    assert got.loc[dt.date(2024, 3, 31)].tolist() == expected.loc[dt.date(2024, 3, 31)].tolist()


def test_row_accounting_holds_for_the_sample(sample_env):
    env, replayed = sample_env
    assert env.query("select count(*) from raw.events") == [(replayed.rows,)]
    assert env.query("select count(*) from marts.fct_events") == [(replayed.rows,)]
    assert env.query("select count(*) from marts.dim_users") == [(600,)]


def test_the_demo_summary_prints_the_pandas_numbers(sample_env):
    env, replayed = sample_env
    reports = {r.model: r for r in load_reports(MANIFEST_PATH)}
    expected = pandas_engagement()
    sessions = sessions_per_date(sample_events())
    engagement = env.query(reports["rpt_engagement_sample_dates"].sql)
    assert len(engagement) == 4
    for _tenant, day, dau, wau, mau, _ratio, new_users, events, n, per_user in engagement:
        assert [dau, wau, mau, new_users, events] == expected.loc[day].tolist(), day
        assert n == sessions.loc[day, "sessions"], day
        assert per_user == pytest.approx(sessions.loc[day, "sessions_per_user"]), day
    counts = lake_counts(env.lake)
    assert counts["rows_read"] == counts["rows_written"] == replayed.rows
    table_rows = dict(env.query("select table_name, row_count from reporting.rpt_row_counts"))
    assert env.query("select distinct tenant_id from reporting.rpt_row_counts") == [("demo",)]
    assert table_rows["marts.fct_events"] == table_rows["raw.events"] == replayed.rows
    # the checkout funnel the demo prints
    funnels = env.query(reports["rpt_funnel_steps"].sql)
    checkout = [(row[4], row[5]) for row in funnels if row[1] == "checkout"]
    pandas_steps = checkout_funnel(sample_events())
    assert [users for users, _ in checkout] == [users for users, _ in pandas_steps]
    assert [rate for _, rate in checkout] == pytest.approx(
        [users / pandas_steps[0][0] for users, _ in pandas_steps]
    )
    # D1/D7/D30 the demo prints
    last_complete = dt.date.fromisoformat(replayed.last_day) - dt.timedelta(days=1)
    expected_retention = retention_d1_d7_d30(sample_events(), last_complete)
    [(tenant, *headline)] = env.query(reports["rpt_retention_headline"].sql)
    assert tenant == "demo"  # data/samples/ecom/replay.yml sets it
    assert headline == pytest.approx(expected_retention)
    warehouse = open_warehouse(env.settings.warehouse, read_only=True)
    try:
        rendered = render_summary(env.lake, warehouse, list(reports.values()))
    finally:
        warehouse.close()
    assert "Funnels, every entry date (marts.funnel_overview)" in rendered
    assert "| checkout | 5 | purchase |" in rendered


def test_sessions_per_date_equal_pandas(sample_env):
    env, _ = sample_env
    got = (
        pd.DataFrame(
            env.query(
                "select metric_date, sessions, sessions_per_user, avg_session_seconds"
                " from marts.metrics_daily where sessions > 0"
            ),
            columns=["date", "sessions", "sessions_per_user", "avg_session_seconds"],
        )
        .set_index("date")
        .sort_index()
    )
    expected = sessions_per_date(sample_events())
    pd.testing.assert_frame_equal(got, expected, check_dtype=False, check_names=False)
    # the sample's own session_id follows the same 30-minute rule: the count matches
    assert env.query("select count(*) from marts.fct_sessions") == [
        (sample_events()["session_id"].nunique(),)
    ]


def test_checkout_funnel_equals_pandas(sample_env):
    env, _ = sample_env
    got = env.query(
        "select users_reached, median_seconds_from_entry from marts.funnel_overview"
        " where funnel_name = 'checkout' order by step_number"
    )
    expected = checkout_funnel(sample_events())
    assert [u for u, _ in got] == [u for u, _ in expected]
    assert [m for _, m in got] == pytest.approx([m for _, m in expected])
