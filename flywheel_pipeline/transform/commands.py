"""dbt command lines of Flywheel's runs, as pure functions."""

from __future__ import annotations

import datetime as dt
import json

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.transform.dbt_vars import dbt_vars, vars_arg


def build_args(
    config: ProductConfig,
    window: tuple[dt.date, dt.date] | None = None,
    *,
    full_refresh: bool = False,
) -> list[str]:
    """``dbt build`` for an arrival-day window.

    A full refresh rebuilds every incremental model from all of history, so it
    takes no window (incremental models and their windowed tests then cover
    every arrival day) and adds ``--full-refresh``.
    """
    if full_refresh:
        return ["build", "--full-refresh", *vars_arg(dbt_vars(config))]
    return ["build", *vars_arg(dbt_vars(config, window))]


def parse_args(config: ProductConfig) -> list[str]:
    """``dbt parse``, which writes the manifest Dagster reads (settings passed as vars:
    the project has no defaults for them)."""
    return ["parse", "--quiet", *vars_arg(dbt_vars(config))]


def grant_access_args(config: ProductConfig) -> list[str]:
    """``dbt run-operation grant_tenant_access`` for the configured tenants
    (config/tenants.yml: the default tenant and each one listed)."""
    return [
        "run-operation",
        "grant_tenant_access",
        "--args",
        json.dumps({"tenants": list(config.tenants.tenant_ids)}),
        *vars_arg(dbt_vars(config)),
    ]
