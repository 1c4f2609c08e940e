"""event_date is the calendar date of event_time in the project time zone
(config/project.yml `timezone`)."""

import datetime as dt

from tests.support import config_copy, event, make_env


def test_event_date_follows_the_project_time_zone(tmp_path, monkeypatch):
    config = config_copy(tmp_path, {"project.yml": ("timezone: UTC", "timezone: America/New_York")})
    env = make_env(tmp_path, monkeypatch, FLYWHEEL_CONFIG_DIR=str(config))
    env.write_landing(
        "2024-03-01",
        "a.ndjson",
        [
            event("t1", "2024-03-01T03:00:00", user_id="u1"),  # 22:00 on 02-29 in New York (EST)
            event("t2", "2024-03-01T06:00:00", user_id="u1"),  # 01:00 on 03-01
        ],
    )
    env.build_raw("2024-03-01")
    env.load("2024-03-01")
    env.dbt_build(None, "--select", "stg_events", "--indirect-selection", "cautious")
    assert env.query("select message_id, event_date from staging.stg_events order by 1") == [
        ("t1", dt.date(2024, 2, 29)),
        ("t2", dt.date(2024, 3, 1)),
    ]
