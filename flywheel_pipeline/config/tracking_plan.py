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
    """Every known track event, by name; rows above ``max_row_bytes`` are quarantined."""

    max_row_bytes: PositiveInt
    events: dict[Name, EventSpec]

    @property
    def inactive_events(self) -> list[str]:
        """Event names marked ``active: false``, sorted."""
        return sorted(name for name, spec in self.events.items() if not spec.active)
