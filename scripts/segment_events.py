"""Deterministic Segment-spec NDJSON events (camelCase wire format), for the ingest benchmark.

Each line is one ``track`` (most), ``page`` or ``identify`` call as Segment's
HTTP API receives it: ``messageId``, ``userId`` / ``anonymousId``, ISO-8601
``timestamp`` / ``sentAt`` / ``receivedAt`` (UTC, ``Z``), ``properties``,
``context`` (``ip``, ``library``, ``userAgent``, ``locale``, ``page``,
``device``, ``campaign``) and, for identify calls, ``traits`` with an email.
Every value is a pure function of ``seed`` and the line number.

    write_ndjson(path, rows=1_000_000, day=dt.date(2024, 3, 1))
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from pathlib import Path

import orjson

EVENTS = ["product_view", "catalog", "search", "home", "filter_results", "add_to_cart", "cart"]
AGENTS = [
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 "
    "Safari/537.36",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like "
    "Gecko) Version/17.1 Mobile/15E148 Safari/604.1",
]


def segment_event(rng: random.Random, n: int, day: dt.date) -> dict:
    """The ``n``-th event of ``day``: a Segment-spec call as a dict."""
    second = rng.randrange(86_000)
    at = dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=second)
    stamp = at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randrange(1000):03d}Z"
    user = rng.randrange(50_000)
    kind = rng.choices(["track", "page", "identify"], weights=[85, 12, 3])[0]
    row: dict = {
        "messageId": str(uuid.UUID(int=rng.getrandbits(128))),
        "type": kind,
        "anonymousId": f"anon-{user:06d}",
        "timestamp": stamp,
        "sentAt": stamp,
        "receivedAt": stamp,
        "context": {
            "ip": f"10.{user % 256}.{n % 256}.{rng.randrange(1, 255)}",
            "library": {"name": "analytics.js", "version": "4.1.0"},
            "userAgent": AGENTS[user % 2],
            "locale": "en-US",
            "page": {"path": "/catalog", "url": f"https://shop.example.com/catalog?page={n % 9}"},
            "device": {"type": "mobile" if user % 2 else "desktop"},
            "campaign": {"source": ["google", "newsletter", "direct"][user % 3]},
        },
    }
    if user % 3:
        row["userId"] = f"user-{user:06d}"
    if kind == "track":
        row["event"] = EVENTS[rng.randrange(len(EVENTS))]
        row["properties"] = {
            "product_id": f"p{rng.randrange(2000)}",
            "price": rng.randrange(100, 9999) / 100,
        }
    elif kind == "page":
        row["name"] = "Catalog"
        row["properties"] = {"path": "/catalog", "title": "Catalog"}
    else:
        row["traits"] = {"email": f"User{user}@Example.com", "plan": "free"}
    return row


def write_ndjson(path: Path, rows: int, day: dt.date, seed: int = 7) -> Path:
    """Write ``rows`` events of ``day`` to ``path`` as NDJSON; returns ``path``."""
    rng = random.Random(seed)
    with path.open("wb") as out:
        for n in range(rows):
            out.write(orjson.dumps(segment_event(rng, n, day)) + b"\n")
    return path
