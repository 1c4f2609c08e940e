"""``config/segments.yml``: segment thresholds, conversion events and
feature-usage segments (metrics.md "Segments")."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StrictFloat, StrictInt

from flywheel_pipeline.config.files import StrictModel
from flywheel_pipeline.config.types import Identifier, Name, PositiveInt

Ratio = Annotated[StrictFloat | StrictInt, Field(gt=0, le=1)]


class EngagementThresholds(StrictModel):
    """Engagement segments as of a date d, first match wins (see the file)."""

    churn_days: PositiveInt
    at_risk_half_days: PositiveInt
    at_risk_ratio: Ratio
    at_risk_min_earlier_days: PositiveInt
    activity_days: PositiveInt
    power_user_min_days: PositiveInt
    active_user_min_days: PositiveInt
    regular_user_min_days: PositiveInt


class FeatureSegment(StrictModel):
    """At least ``min_events`` of ``events`` in the last ``window_days`` days."""

    name: Identifier
    events: tuple[Name, ...] = Field(min_length=1)
    min_events: PositiveInt
    window_days: PositiveInt


class SegmentConfig(StrictModel):
    engagement: EngagementThresholds
    new_user_days: PositiveInt
    conversion_events: tuple[Name, ...]
    feature_segments: tuple[FeatureSegment, ...] = ()
