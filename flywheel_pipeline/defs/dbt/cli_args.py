"""The dbt command line of a partitioned run, as a pure function."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from flywheel_pipeline.config import ProductConfig


def dbt_vars(config: ProductConfig, window: tuple[dt.date, dt.date] | None) -> dict[str, Any]:
    """dbt vars: the product configuration dbt needs, and the arrival-day window.

    ``window`` is the inclusive (first, last) arrival day of the run; None
    leaves the window unset (incremental models then take every arrival day).
    """
    values: dict[str, Any] = {
        "project_timezone": config.project.timezone,
        "mau_window_days": config.project.mau_window_days,
        "inactive_events": config.tracking_plan.inactive_events,
        "week_start_isodow": config.project.week_start_isodow,
        "session_timeout_seconds": config.project.session_timeout_minutes * 60,
        "retention_max_periods": dict(config.project.retention_max_periods),
        "key_metrics_days": config.project.key_metrics_days,
        "funnels": [funnel.as_dbt_var() for funnel in config.funnels],
        "segments": config.segments.values,
    }
    if window is not None:
        values["min_arrival_date"] = window[0].isoformat()
        values["max_arrival_date"] = window[1].isoformat()
    return values


def dbt_build_args(config: ProductConfig, window: tuple[dt.date, dt.date] | None) -> list[str]:
    """``["build", "--vars", "<json>"]`` for the run's window (see :func:`dbt_vars`)."""
    return ["build", "--vars", json.dumps(dbt_vars(config, window), sort_keys=True)]
