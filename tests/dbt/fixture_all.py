"""Every hand-made metric fixture's events together (each file states its own
numbers): the input of the incremental and tenant suites."""

from tests.dbt import (
    fixture_engagement,
    fixture_funnels,
    fixture_retention,
    fixture_segments,
    fixture_sessions,
)

EVENTS = [
    *fixture_engagement.EVENTS,
    *fixture_sessions.EVENTS,
    *fixture_funnels.EVENTS,
    *fixture_retention.EVENTS,
    *fixture_segments.EVENTS,
]
