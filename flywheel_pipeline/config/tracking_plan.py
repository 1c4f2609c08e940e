"""``config/tracking_plan.yml``: the known track events (Segment spec "track"
calls), their required properties and whether they count as activity."""

from __future__ import annotations

from pydantic import StrictBool, StrictStr

from flywheel_pipeline.config.files import StrictModel
from flywheel_pipeline.config.types import Name, PositiveInt


class EventSpec(StrictModel):
    """One tracking-plan event. ``active: false`` marks an event that is not a
    user action (metrics.md "active event")."""

    description: StrictStr
    required_properties: tuple[Name, ...] = ()
    active: StrictBool = True


class TrackingPlan(StrictModel):
    """Every known track event, by name, and the limits of a landing row
    (docs/quarantine.md): rows above ``max_row_bytes`` or nested deeper than
    ``max_nesting_depth`` are quarantined, and so are events whose clock-skew
    corrected time is more than ``days_late_allowed`` days before their arrival
    day or more than ``future_tolerance_minutes`` after their ``received_at``."""

    max_row_bytes: PositiveInt
    max_nesting_depth: PositiveInt
    days_late_allowed: PositiveInt
    future_tolerance_minutes: PositiveInt
    events: dict[Name, EventSpec]

    @property
    def inactive_events(self) -> list[str]:
        """Event names marked ``active: false``, sorted."""
        return sorted(name for name, spec in self.events.items() if not spec.active)
