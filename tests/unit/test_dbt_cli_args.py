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
    assert json.loads(args[2]) == {
        "min_arrival_date": "2024-03-01",
        "max_arrival_date": "2024-03-03",
        "project_timezone": "UTC",
        "mau_window_days": 28,
        "inactive_events": ["checkout_bug", "payment_error"],
    }


def test_no_window_leaves_the_window_vars_unset():
    assert "min_arrival_date" not in dbt_vars(CONFIG, None)


def test_dbt_project_var_defaults_equal_the_product_config():
    project = yaml.safe_load((DBT_PROJECT_DIR / "dbt_project.yml").read_text())
    defaults = project["vars"]
    for name, value in dbt_vars(CONFIG, None).items():
        assert defaults[name] == value, f"dbt_project.yml var {name} differs from config/"
