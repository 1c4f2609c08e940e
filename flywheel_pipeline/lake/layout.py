"""Lake key layout of a source (architecture.md "Data flow"): every key Flywheel
builds comes from here.

    landing/<source>/dt=YYYY-MM-DD/<file>        files as collectors drop them
    raw/<source>/dt=YYYY-MM-DD/part-*.parquet     accepted events + _manifest.json
    quarantine/<source>/dt=YYYY-MM-DD/*.parquet   rejected rows with reasons

``dt`` is the arrival day (UTC): the partition key of the raw asset. Keys are
relative to the lake root (``FLYWHEEL_LAKE_URL``).
"""

from __future__ import annotations

import datetime as dt
import re

EVENTS_SOURCE = "events"
"""The landing source of app events (config/sources.yml); the one source so far."""

LANDING, RAW, QUARANTINE = "landing", "raw", "quarantine"

_DT_RE = re.compile(r"/dt=(\d{4}-\d{2}-\d{2})/")


def source_prefix(area: str, source: str) -> str:
    """``<area>/<source>``: every partition of a source in one area (landing, raw, …)."""
    return f"{area}/{source}"


def landing_prefix(source: str, day: dt.date | str) -> str:
    """``landing/<source>/dt=<day>``: the landing files of one arrival day."""
    return f"{source_prefix(LANDING, source)}/dt={day}"


def raw_prefix(source: str, day: dt.date | str) -> str:
    """``raw/<source>/dt=<day>``: one committed raw partition (files + manifest)."""
    return f"{source_prefix(RAW, source)}/dt={day}"


def quarantine_prefix(source: str, day: dt.date | str) -> str:
    """``quarantine/<source>/dt=<day>``: the rejected rows of one arrival day."""
    return f"{source_prefix(QUARANTINE, source)}/dt={day}"


def arrival_day_of(key: str) -> str | None:
    """The ``dt=`` arrival day in a key, e.g. ``"2024-01-05"``; None when the key has none."""
    match = _DT_RE.search(key)
    return match.group(1) if match else None
