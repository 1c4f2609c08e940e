"""``config/funnels.yml``: named, ordered funnels (metrics.md "Funnels")."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, StrictStr, field_validator

from flywheel_pipeline.config.files import StrictModel
from flywheel_pipeline.config.types import Identifier, Name, PositiveInt, PropertyName

Breakdown = Literal["platform", "acquisition_channel"]
"""User properties a funnel can be broken down by (first touch, marts.dim_users)."""


class FunnelStep(StrictModel):
    """One step: a track event, optionally filtered by property equality."""

    name: Name
    event: Name
    properties: dict[PropertyName, Name] = {}


class Funnel(StrictModel):
    """An ordered, user-level funnel; every step within ``conversion_window_days``
    of the step-1 event (inclusive)."""

    name: Identifier
    description: StrictStr
    conversion_window_days: PositiveInt
    breakdowns: tuple[Breakdown, ...] = ()
    steps: tuple[FunnelStep, ...] = Field(min_length=2)


class FunnelsFile(StrictModel):
    funnels: tuple[Funnel, ...] = ()

    @field_validator("funnels")
    @classmethod
    def _names_are_unique(cls, funnels: tuple[Funnel, ...]) -> tuple[Funnel, ...]:
        names = [funnel.name for funnel in funnels]
        for name in names:
            if names.count(name) > 1:
                raise ValueError(f"the name {name!r} is used twice; rename one")
        return funnels
