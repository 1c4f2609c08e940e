"""``flywheel access apply``: on the PostgreSQL warehouse, a role per tenant of
config/tenants.yml that reads only its tenant's rows of the marts and reporting
views (row-level security), and an analyst role that reads every row
(docs/tenants.md "Access control"). Idempotent: run it again after adding a
tenant. Give people access by membership:

    create role alice login password '...';
    grant flywheel_tenant_acme to alice;      -- or flywheel_analyst
"""

from __future__ import annotations

import argparse

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.settings import Settings, SettingsError
from flywheel_pipeline.transform.commands import grant_access_args
from flywheel_pipeline.transform.runner import run_dbt


def register(sub) -> None:
    parser = sub.add_parser("access", help="per-tenant roles and row-level security (PostgreSQL)")
    parser.add_argument("action", choices=["apply"], help="create the roles and policies")
    parser.set_defaults(func=run)


def run(_: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if settings.warehouse.target != "postgres":
        raise SettingsError(
            "flywheel access needs the PostgreSQL warehouse: set FLYWHEEL_DBT_TARGET=postgres "
            "(a DuckDB file has no roles)"
        )
    config = ProductConfig.load(settings.config_dir)
    return 0 if run_dbt(settings, grant_access_args(config)).returncode == 0 else 1
