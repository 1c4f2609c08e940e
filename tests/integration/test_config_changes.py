"""A configuration change never leaves incremental models mixing rows of two
definitions: build, edit a funnel step in a copy of config/, and the next run
fails before building anything, naming the model and the setting; a full
refresh launched through Dagster's run config (the launchpad's
``full_refresh: true``) then gives exactly a fresh build under the new config.
On both engine pairs."""

import datetime as dt

import pytest

from flywheel_pipeline.transform.commands import build_args
from tests.dagster_support import failed_checks, run_pipeline
from tests.dbt import fixture_funnels
from tests.support import (
    ENGINES,
    MODEL_KEYS,
    assert_same_rows,
    build_events,
    comparison_sql,
    config_copy,
    engine_env_vars,
    make_env,
)

# checkout's step 2 becomes a view of the cart instead of an add-to-cart
EDIT = ("{name: cart, event: add_to_cart}", "{name: cart, event: cart}")
# int_touched_event_dates holds the last run's dates, by design
COMPARED = [model for model in MODEL_KEYS if model != "intermediate.int_touched_event_dates"]
FULL_REFRESH = {"ops": {"dbt_arrival_window_models": {"config": {"full_refresh": True}}}}


def checkout_steps(env) -> list[tuple]:
    return env.query(
        "select step_number, count(*) from marts.fct_funnel_progress"
        " where funnel_name = 'checkout' group by step_number order by step_number"
    )


@pytest.mark.parametrize("engine", ENGINES)
def test_an_edited_funnel_step_stops_runs_until_history_is_rebuilt(
    engine, request, tmp_path, monkeypatch
):
    config = config_copy(tmp_path / "settings")
    servers = engine_env_vars(engine, request)
    env = make_env(tmp_path / "built", monkeypatch, FLYWHEEL_CONFIG_DIR=str(config), **servers)
    days = build_events(env, fixture_funnels.EVENTS)
    before = checkout_steps(env)
    assert before[1][1] == 5  # add_to_cart reached by 5 users (tests/dbt/fixture_funnels.py)

    funnels = config / "funnels.yml"
    funnels.write_text(funnels.read_text().replace(*EDIT))
    edited = make_env(tmp_path / "built", monkeypatch, FLYWHEEL_CONFIG_DIR=str(config), **servers)

    # the next arrival day's run refuses to mix the two definitions ...
    last = dt.date.fromisoformat(days[-1])
    done = edited.dbt(*build_args(edited.config, (last, last)), check=False)
    assert done.returncode != 0
    message = done.stdout[done.stdout.index("The configuration changed") :].split("\n")[0]
    assert "marts.fct_funnel_progress (funnels, from config/funnels.yml)" in message
    assert "stg_events" not in message and "fct_sessions" not in message
    assert "full_refresh: true" in message
    # ... and built nothing: the rows of the old definition are still whole
    assert checkout_steps(edited) == before

    # a full refresh through Dagster's run config rebuilds history
    result = run_pipeline(edited, days[-1], run_config=FULL_REFRESH)
    assert result.success and failed_checks(result) == []
    # after it, ordinary runs go on
    edited.dbt(*build_args(edited.config, (last, last)))

    fresh = make_env(tmp_path / "fresh", monkeypatch, FLYWHEEL_CONFIG_DIR=str(config), **servers)
    build_events(fresh, fixture_funnels.EVENTS)
    assert checkout_steps(fresh) == [(1, 6)]  # 6 users enter; nobody viewed the cart
    for model in COMPARED:
        sql = comparison_sql(fresh, model)
        assert_same_rows(edited.query(sql), fresh.query(sql), model)
