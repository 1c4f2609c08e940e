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
    "default_tenant": f"config/{FILES['tenants']}: default_tenant",
    "tenant_timezones": f"config/{FILES['tenants']}: tenants.<tenant>.timezone",
    "tenant_segments": f"config/{FILES['tenants']}: tenants.<tenant>.segments",
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
        "funnels": tenant_funnels(config),
        "segments": config.segments.model_dump(mode="json"),
        "default_tenant": config.tenants.default_tenant,
        "tenant_timezones": {
            tenant: settings.timezone
            for tenant, settings in config.tenants.tenants.items()
            if settings.timezone is not None and settings.timezone != project.timezone
        },
        "tenant_segments": tenant_segments(config),
    }


_FUNNEL_KEYS = {"name", "conversion_window_days", "breakdowns", "steps"}


def tenant_funnels(config: ProductConfig) -> list[dict[str, Any]]:
    """The funnels of funnels.yml, then each tenant's overriding or added funnel
    (tenants.yml), as the var ``funnels`` holds them: each with ``tenants`` (the
    only tenants it counts, or null for every tenant) and ``except_tenants``
    (tenants whose own funnel of that name replaces it)."""
    overrides = {
        (tenant, funnel.name): funnel
        for tenant, settings in sorted(config.tenants.tenants.items())
        for funnel in settings.funnels
    }
    funnels = [
        {
            **funnel.model_dump(mode="json", include=_FUNNEL_KEYS),
            "tenants": None,
            "except_tenants": sorted(t for t, name in overrides if name == funnel.name),
        }
        for funnel in config.funnels
    ]
    funnels += [
        {
            **funnel.model_dump(mode="json", include=_FUNNEL_KEYS),
            "tenants": [tenant],
            "except_tenants": [],
        }
        for (tenant, _), funnel in overrides.items()
    ]
    return funnels


def tenant_segments(config: ProductConfig) -> dict[str, dict[str, Any]]:
    """Per overriding tenant, its whole set of segment thresholds (the
    engagement thresholds and new_user_days of segments.yml with its overrides)."""
    base = config.segments.model_dump(mode="json", include={"engagement", "new_user_days"})
    result: dict[str, dict[str, Any]] = {}
    for tenant, settings in sorted(config.tenants.tenants.items()):
        override = settings.segments.model_dump(mode="json", exclude_none=True)
        merged = {
            "engagement": {**base["engagement"], **override.get("engagement", {})},
            "new_user_days": override.get("new_user_days", base["new_user_days"]),
        }
        if merged != base:
            result[tenant] = merged
    return result


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
