"""The dbt command line of a partitioned run, and dbt's var defaults = config/*.yml."""

import datetime as dt
import json

import yaml

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.defs.dbt.cli_args import dbt_build_args, dbt_vars
from flywheel_pipeline.settings import DBT_PROJECT_DIR, PROJECT_ROOT

CONFIG = ProductConfig.load(PROJECT_ROOT / "config")


def test_build_args_pass_the_window_and_product_config():
    args = dbt_build_args(CONFIG, (dt.date(2024, 3, 1), dt.date(2024, 3, 3)))
    assert args[:2] == ["build", "--vars"]
    passed = json.loads(args[2])
    assert passed["min_arrival_date"] == "2024-03-01"
    assert passed["max_arrival_date"] == "2024-03-03"
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
    assert passed["segments"]["engagement"]["power_user_min_days"] == 20


def test_no_window_leaves_the_window_vars_unset():
    assert "min_arrival_date" not in dbt_vars(CONFIG, None)


def test_dbt_project_var_defaults_equal_the_product_config():
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())
    defaults = project["vars"]
    for name, value in dbt_vars(CONFIG, None).items():
        assert defaults[name] == value, f"dbt_project.yml var {name} differs from config/"
