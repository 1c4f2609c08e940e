"""``config/project.yml``: project-wide analytics settings (metrics.md "Time and
identity", "Engagement", "Sessions", "Retention", "Key metrics")."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from flywheel_pipeline.config.files import StrictModel
from flywheel_pipeline.config.types import PositiveInt, TimeZone

Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
WEEKDAYS: tuple[str, ...] = Weekday.__args__  # type: ignore[attr-defined]


class RetentionPeriods(StrictModel):
    """The last period N of the retention triangles, per cohort grain."""

    day: PositiveInt
    week: PositiveInt
    month: PositiveInt


class ProjectConfig(StrictModel):
    """One row of settings; every key is required (the file is their one home).

    ``session_timeout_minutes``: a gap strictly greater starts a new session;
    under a day. ``week_start``: first day of weeks (weekly cohorts, lifecycle,
    rollups).
    """

    timezone: TimeZone
    week_start: Weekday
    mau_window_days: PositiveInt
    session_timeout_minutes: PositiveInt = Field(lt=24 * 60)
    retention_max_periods: RetentionPeriods
    key_metrics_days: PositiveInt

    @property
    def week_start_isodow(self) -> int:
        """ISO day number of ``week_start`` (1 = Monday .. 7 = Sunday)."""
        return WEEKDAYS.index(self.week_start) + 1
