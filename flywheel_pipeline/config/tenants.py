"""``config/tenants.yml``: the tenants, the settings each may override, and how
long data is kept (docs/tenants.md, docs/retention.md).

Every event belongs to one tenant: its ``tenant_id``, or ``default_tenant``
when the event carries none. A tenant listed under ``tenants`` gets its own
PostgreSQL role (``flywheel access apply``) and may override the project time
zone, the segment thresholds, funnels (by name) and its retention period.
"""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import AfterValidator, Field, StrictStr, model_validator

from flywheel_pipeline.config.files import StrictModel
from flywheel_pipeline.config.funnels import Funnel
from flywheel_pipeline.config.segments import Ratio
from flywheel_pipeline.config.types import PositiveInt, TimeZone

_TENANT = re.compile(r"^[a-z0-9][a-z0-9_]{0,39}$")


def _tenant_id(value: str) -> str:
    if not _TENANT.match(value):
        raise ValueError(
            "is not a tenant id: use 1 to 40 of a-z, 0-9 and _ (it names a database role)"
        )
    return value


TenantId = Annotated[StrictStr, AfterValidator(_tenant_id)]
"""A configured tenant id: it names the tenant's PostgreSQL role."""


class EngagementOverride(StrictModel):
    """Any of segments.yml's engagement thresholds, for one tenant."""

    churn_days: PositiveInt | None = None
    at_risk_half_days: PositiveInt | None = None
    at_risk_ratio: Ratio | None = None
    at_risk_min_earlier_days: PositiveInt | None = None
    activity_days: PositiveInt | None = None
    power_user_min_days: PositiveInt | None = None
    active_user_min_days: PositiveInt | None = None
    regular_user_min_days: PositiveInt | None = None


class SegmentsOverride(StrictModel):
    """The segment thresholds a tenant may override (segments.yml keys)."""

    engagement: EngagementOverride = EngagementOverride()
    new_user_days: PositiveInt | None = None


class TenantSettings(StrictModel):
    """What one tenant overrides; everything else comes from the project files."""

    timezone: TimeZone | None = None
    segments: SegmentsOverride = SegmentsOverride()
    funnels: tuple[Funnel, ...] = ()
    retention_months: PositiveInt | None = None

    @model_validator(mode="after")
    def _funnel_names_unique(self) -> TenantSettings:
        names = [funnel.name for funnel in self.funnels]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"funnel {name!r} is overridden twice; keep one")
        return self


class RetentionPolicy(StrictModel):
    """How long landing, raw, quarantine, warehouse and export data is kept:
    ``months`` by default, ``sources[<source>]`` for a source (a tenant's
    ``retention_months`` wins over both)."""

    months: PositiveInt
    sources: dict[StrictStr, PositiveInt] = {}
    schedule: StrictStr = Field(pattern=r"^\S+( \S+){4}$")


class TenantsFile(StrictModel):
    default_tenant: TenantId
    retention: RetentionPolicy
    tenants: dict[TenantId, TenantSettings] = {}

    def months_for(self, source: str, tenant: str) -> int:
        """The retention period (months) of ``tenant``'s rows of ``source``."""
        settings = self.tenants.get(tenant)
        if settings is not None and settings.retention_months is not None:
            return settings.retention_months
        return self.retention.sources.get(source, self.retention.months)

    @property
    def tenant_ids(self) -> tuple[str, ...]:
        """The configured tenants, the default one included, sorted."""
        return tuple(sorted({self.default_tenant, *self.tenants}))
