"""Lake key layout of a source (architecture.md "Data flow").

    landing/<source>/dt=YYYY-MM-DD/<file>        files as collectors drop them
    raw/<source>/dt=YYYY-MM-DD/part-*.parquet     accepted events + _manifest.json
    quarantine/<source>/dt=YYYY-MM-DD/*.parquet   rejected rows with reasons

``dt`` is the arrival day (UTC): the partition key of the raw asset.
"""

from __future__ import annotations

import datetime as dt
import re

EVENTS_SOURCE = "events"
"""The landing source of app events (config/sources.yml); the one source so far."""

_DT_RE = re.compile(r"/dt=(\d{4}-\d{2}-\d{2})/")


def landing_prefix(source: str, day: dt.date | str) -> str:
    return f"landing/{source}/dt={day}"


def raw_prefix(source: str, day: dt.date | str) -> str:
    return f"raw/{source}/dt={day}"


def quarantine_prefix(source: str, day: dt.date | str) -> str:
    return f"quarantine/{source}/dt={day}"


def arrival_day_of(key: str) -> str | None:
    """The ``dt=`` arrival day in a key, e.g. ``"2024-01-05"``; None when the key has none."""
    match = _DT_RE.search(key)
    return match.group(1) if match else None
