"""``flywheel dbt`` and ``flywheel dbt-vars``: dbt on Flywheel's project, profile
and target, with the product settings of config/*.yml as vars (the project
holds no copy of them). Everything after the dbt command goes to dbt as it is.

    flywheel dbt build --select fct_events+
    flywheel dbt build --full-refresh          # rebuild history after a config change
    flywheel dbt parse                         # write target/manifest.json
"""

from __future__ import annotations

import argparse
import json

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.settings import Settings
from flywheel_pipeline.transform.dbt_vars import dbt_vars, vars_arg
from flywheel_pipeline.transform.runner import run_dbt

VARS_COMMANDS = {
    "build",
    "run",
    "test",
    "compile",
    "parse",
    "show",
    "ls",
    "list",
    "seed",
    "snapshot",
    "run-operation",
    "docs",
    "source",
    "retry",
    "clone",
}
"""dbt commands that take --vars."""


def register(sub) -> None:
    parser = sub.add_parser(
        "dbt", help="dbt on Flywheel's project with config/*.yml as vars", add_help=False
    )
    parser.add_argument("dbt_command", help="build, run, test, parse, compile, show, ...")
    parser.set_defaults(func=run, passthrough=True)
    sub.add_parser("dbt-vars", help="print the vars Flywheel passes to dbt (JSON)").set_defaults(
        func=print_vars
    )


def run(args: argparse.Namespace, extra: list[str]) -> int:
    settings = Settings.from_env()
    dbt_args = [args.dbt_command, *extra]
    if args.dbt_command in VARS_COMMANDS and "--vars" not in extra:
        dbt_args += vars_arg(dbt_vars(ProductConfig.load(settings.config_dir)))
    return 0 if run_dbt(settings, dbt_args).returncode == 0 else 1


def print_vars(_: argparse.Namespace) -> int:
    settings = Settings.from_env()
    print(json.dumps(dbt_vars(ProductConfig.load(settings.config_dir)), indent=2, sort_keys=True))
    return 0
