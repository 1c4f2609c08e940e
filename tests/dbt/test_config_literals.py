"""Configuration values are data, not SQL: an event, a step and a property filter
whose names contain quotes build and count exactly, on both engine pairs.

Hand-worked: three users enter the funnel with the event "it's search"; then
- u1 fires home with campaign = "x' or '1'='1" (the filter value itself): reaches step 2;
- u2 fires home with campaign = "other": does not (if the value were pasted into
  SQL, `... = 'x' or '1'='1'` would be true for u2 too: 2 users at step 2);
- u3 fires nothing else.
Expected users per step: 3, 1.
"""

import pytest

from tests.support import ENGINES, build_events, config_copy, engine_env_vars, event, make_env

QUOTED = "x' or '1'='1"
FUNNEL = f'''
  - name: quoted
    description: Names and filters with quotes are data.
    conversion_window_days: 7
    breakdowns: []
    steps:
      - {{name: "it's search", event: "it's search"}}
      - {{name: "{QUOTED}", event: home, properties: {{campaign: "{QUOTED}"}}}}
'''
PLAN = """
  "it's search": {description: A search whose name holds a quote.}
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_quotes_in_names_and_filters_are_data(engine, request, tmp_path, monkeypatch):
    config = config_copy(tmp_path, funnels=FUNNEL, tracking_plan=PLAN)
    env = make_env(
        tmp_path, monkeypatch, FLYWHEEL_CONFIG_DIR=str(config), **engine_env_vars(engine, request)
    )
    day = "2024-03-01T10:0"
    build_events(
        env,
        [
            event("a1", f"{day}0:00", user_id="u1", name="it's search"),
            event("a2", f"{day}1:00", user_id="u1", properties={"campaign": QUOTED}),
            event("b1", f"{day}0:00", user_id="u2", name="it's search"),
            event("b2", f"{day}1:00", user_id="u2", properties={"campaign": "other"}),
            event("c1", f"{day}0:00", user_id="u3", name="it's search"),
        ],
    )
    rows = env.query(
        "select step_number, step_name, count(*) from marts.fct_funnel_progress"
        " where funnel_name = 'quoted' group by step_number, step_name order by step_number"
    )
    assert rows == [(1, "it's search", 3), (2, QUOTED, 1)]
