"""The dbt vars of a run: the product settings dbt reads (from config/*.yml,
their one home), one fingerprint per setting, and the arrival-day window.

dbt_project.yml holds no copy of these values; a dbt invocation without them
fails at parse time naming the var (macro ``flywheel_setting``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from typing import Any

from flywheel_pipeline.config import FILES, ProductConfig

SETTING_SOURCES: dict[str, str] = {
    "project_timezone": f"config/{FILES['project']}: timezone",
    "week_start_isodow": f"config/{FILES['project']}: week_start",
    "mau_window_days": f"config/{FILES['project']}: mau_window_days",
    "session_timeout_seconds": f"config/{FILES['project']}: session_timeout_minutes",
    "retention_max_periods": f"config/{FILES['project']}: retention_max_periods",
    "key_metrics_days": f"config/{FILES['project']}: key_metrics_days",
    "inactive_events": f"config/{FILES['tracking_plan']}: events marked active: false",
    "funnels": f"config/{FILES['funnels']}",
    "segments": f"config/{FILES['segments']}",
}
"""Each setting dbt reads, and the file and key it comes from (for messages)."""

FINGERPRINTS_VAR = "config_fingerprints"
WINDOW_VARS = ("min_arrival_date", "max_arrival_date")


def product_vars(config: ProductConfig) -> dict[str, Any]:
    """The product settings dbt reads, as JSON-ready values (keys: SETTING_SOURCES)."""
    project = config.project
    return {
        "project_timezone": project.timezone,
        "week_start_isodow": project.week_start_isodow,
        "mau_window_days": project.mau_window_days,
        "session_timeout_seconds": project.session_timeout_minutes * 60,
        "retention_max_periods": project.retention_max_periods.model_dump(mode="json"),
        "key_metrics_days": project.key_metrics_days,
        "inactive_events": config.tracking_plan.inactive_events,
        "funnels": [
            funnel.model_dump(
                mode="json", include={"name", "conversion_window_days", "breakdowns", "steps"}
            )
            for funnel in config.funnels
        ],
        "segments": config.segments.model_dump(mode="json"),
    }


def fingerprint(value: Any) -> str:
    """A short, stable hash of a JSON value (key order does not matter)."""
    canonical = json.dumps(value, sort_keys=True, separators=(",", ":"), default=list)
    return hashlib.sha256(canonical.encode()).hexdigest()[:16]


def config_fingerprints(values: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    """``{setting: {"fingerprint": …, "source": "<file>: <key>"}}`` of the product
    vars ``values``. An incremental model records the fingerprints of the settings
    it was built under (macro ``record_config_fingerprints``)."""
    return {
        name: {"fingerprint": fingerprint(values[name]), "source": SETTING_SOURCES[name]}
        for name in SETTING_SOURCES
    }


def dbt_vars(
    config: ProductConfig, window: tuple[dt.date, dt.date] | None = None
) -> dict[str, Any]:
    """Every var of a run: the product settings, their fingerprints and, when
    ``window`` (the inclusive first and last arrival day) is given, the window.
    Without a window, incremental models take every arrival day."""
    values = product_vars(config)
    values[FINGERPRINTS_VAR] = config_fingerprints(values)
    if window is not None:
        values.update(zip(WINDOW_VARS, (window[0].isoformat(), window[1].isoformat()), strict=True))
    return values


def vars_arg(values: Mapping[str, Any]) -> list[str]:
    """``["--vars", "<json>"]``."""
    return ["--vars", json.dumps(values, sort_keys=True, separators=(",", ":"))]
