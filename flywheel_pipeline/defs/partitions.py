"""Arrival-day partitions (UTC), from the first arrival day of the settings.

A partition is one *arrival* day (the ``received_at`` date), as Segment,
Snowplow and Firehose lay out raw data: partitions are immutable and a late
event lands in the day it arrived, never lost (architecture.md "Raw").
"""

from __future__ import annotations

import datetime as dt

from dagster import DailyPartitionsDefinition, PartitionKeyRange


def arrival_day_partitions(start_date: dt.date) -> DailyPartitionsDefinition:
    """Daily partitions from ``start_date`` (``FLYWHEEL_START_DATE``). Today's
    partition exists while the day is open: the landing sensor ingests files as
    they arrive and re-ingesting a partition replaces it."""
    return DailyPartitionsDefinition(
        start_date=start_date.isoformat(), timezone="UTC", end_offset=1
    )


def arrival_dates(keys: list[str] | tuple[str, ...]) -> list[dt.date]:
    """Partition keys (``YYYY-MM-DD``) as dates."""
    return [dt.date.fromisoformat(key) for key in keys]


def window_of(key_range: PartitionKeyRange) -> tuple[dt.date, dt.date]:
    """The inclusive arrival-day window of a partition key range."""
    return dt.date.fromisoformat(key_range.start), dt.date.fromisoformat(key_range.end)
