"""The pure helpers behind every dbt run: the vars that carry config/*.yml, their
fingerprints, and the command lines (arrival window, full refresh)."""

import datetime as dt
import json

import pytest
import yaml

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.settings import DBT_PROJECT_DIR, PROJECT_ROOT
from flywheel_pipeline.transform.commands import build_args, parse_args
from flywheel_pipeline.transform.dbt_vars import (
    SETTING_SOURCES,
    config_fingerprints,
    dbt_vars,
    fingerprint,
    product_vars,
)
from tests.support import config_copy

CONFIG = ProductConfig.load(PROJECT_ROOT / "config")
MARCH = (dt.date(2024, 3, 1), dt.date(2024, 3, 3))


def passed_vars(args: list[str]) -> dict:
    return json.loads(args[args.index("--vars") + 1])


def test_build_args_pass_the_window_and_the_product_config():
    args = build_args(CONFIG, MARCH)
    assert args[0] == "build" and "--full-refresh" not in args
    passed = passed_vars(args)
    assert (passed["min_arrival_date"], passed["max_arrival_date"]) == ("2024-03-01", "2024-03-03")
    assert passed["project_timezone"] == "UTC"
    assert passed["mau_window_days"] == 28
    assert passed["inactive_events"] == ["checkout_bug", "payment_error"]
    assert passed["session_timeout_seconds"] == 30 * 60
    assert passed["week_start_isodow"] == 1
    checkout = passed["funnels"][0]
    assert checkout["name"] == "checkout" and checkout["conversion_window_days"] == 14
    assert [s["event"] for s in checkout["steps"]] == [
        "product_view",
        "add_to_cart",
        "shipping_details",
        "payment_details",
        "purchase",
    ]
    assert "description" not in checkout  # text that changes no number is not a setting
    assert passed["segments"]["engagement"]["power_user_min_days"] == 20
    assert set(passed["config_fingerprints"]) == set(SETTING_SOURCES)


def test_a_full_refresh_takes_all_of_history():
    args = build_args(CONFIG, MARCH, full_refresh=True)
    assert args[:2] == ["build", "--full-refresh"]
    assert "min_arrival_date" not in passed_vars(args)


def test_no_window_leaves_the_window_vars_unset():
    assert "min_arrival_date" not in dbt_vars(CONFIG)
    assert "min_arrival_date" not in passed_vars(parse_args(CONFIG))


def test_fingerprints_are_stable_and_ignore_key_order():
    assert fingerprint({"a": 1, "b": [1, 2]}) == fingerprint({"b": [1, 2], "a": 1})
    assert fingerprint({"a": 1}) != fingerprint({"a": 2})
    assert config_fingerprints(product_vars(CONFIG)) == config_fingerprints(product_vars(CONFIG))


def test_an_edited_funnel_step_changes_only_the_funnels_fingerprint(tmp_path):
    edited = ProductConfig.load(
        config_copy(tmp_path, {"funnels.yml": ("event: add_to_cart}", "event: cart}")})
    )
    before = config_fingerprints(product_vars(CONFIG))
    after = config_fingerprints(product_vars(edited))
    changed = {name for name in before if before[name] != after[name]}
    assert changed == {"funnels"}
    assert after["funnels"]["source"] == "config/funnels.yml"


@pytest.mark.parametrize(
    ("file", "old", "new", "setting"),
    [
        ("project.yml", "timezone: UTC", "timezone: Europe/Paris", "project_timezone"),
        (
            "project.yml",
            "session_timeout_minutes: 30",
            "session_timeout_minutes: 45",
            "session_timeout_seconds",
        ),
        ("segments.yml", "power_user_min_days: 20", "power_user_min_days: 21", "segments"),
        (
            "tracking_plan.yml",
            "error_page: {description: Was shown an error page.}",
            "error_page: {description: Was shown an error page., active: false}",
            "inactive_events",
        ),
    ],
)
def test_each_setting_change_moves_its_own_fingerprint(tmp_path, file, old, new, setting):
    edited = ProductConfig.load(config_copy(tmp_path, {file: (old, new)}))
    before = config_fingerprints(product_vars(CONFIG))
    after = config_fingerprints(product_vars(edited))
    assert {name for name in before if before[name] != after[name]} == {setting}


def test_a_description_edit_changes_no_fingerprint(tmp_path):
    edited = ProductConfig.load(
        config_copy(tmp_path, {"funnels.yml": ("From a search to", "From any search to")})
    )
    assert config_fingerprints(product_vars(edited)) == config_fingerprints(product_vars(CONFIG))


def test_dbt_project_yml_holds_no_product_setting():
    """Product settings live once, in config/*.yml: dbt_project.yml only declares
    the run window (null = all of history)."""
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())
    assert project["vars"] == {"min_arrival_date": None, "max_arrival_date": None}
