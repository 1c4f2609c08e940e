"""A deterministic synthetic event stream in the raw event schema, for benchmarks.

Users arrive over the period (first day uniform over its first 80 %), have a
lognormal activity weight, and produce sessions of consecutive events a minute
or two apart; event names follow the sample shop's mix, so sessions, funnels,
retention and segments all have work to do. A share of events arrives late
(1 to 3 days after their event day), in a later arrival-day partition.

    params = SyntheticParams(users=25_000, days=180, events_per_user=400, late_share=0.05)
    for arrival_day, table in generate(params):   # one pyarrow Table per arrival day
        ...

Memory: one event day plus the late events still waiting for their arrival day.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from flywheel_pipeline.contract.schema import RAW_EVENT_SCHEMA

EVENT_MIX = {  # the sample shop's proportions (data/samples/ecom)
    "product_view": 22,
    "catalog": 21,
    "search": 13,
    "home": 9,
    "filter_results": 8,
    "add_to_cart": 4,
    "cart": 4,
    "shipping_details": 3,
    "wishlist_add": 3,
    "promo_page": 3,
    "payment_details": 2,
    "account_page": 2,
    "purchase": 2,
    "review_page": 1,
    "support_chat": 1,
    "compare": 1,
    "payment_error": 1,
}
PLATFORMS = ("desktop", "mobile", "tablet")
CHANNELS = ("organic", "paid_search", "email", "social", "direct")
EVENTS_PER_SESSION = 6
MAX_LATE_DAYS = 3


@dataclass(frozen=True)
class SyntheticParams:
    """users: distinct users; days: event days from ``start``; events_per_user: mean
    events per user over the period (total = users x events_per_user); late_share:
    share of events arriving 1..3 days after their event day; seed: the RNG seed."""

    users: int = 25_000
    days: int = 180
    events_per_user: int = 400
    late_share: float = 0.05
    seed: int = 42
    start: dt.date = dt.date(2024, 1, 1)

    @property
    def total_events(self) -> int:
        return self.users * self.events_per_user


def generate(params: SyntheticParams) -> Iterator[tuple[dt.date, pa.Table]]:
    """(arrival day, raw events that arrive that day) for every arrival day, in order.

    Every event day gets ``total_events // days`` events; late events move to a later
    arrival day, so the last arrival days extend past the event period.
    """
    rng = np.random.default_rng(params.seed)
    first_day = rng.integers(0, max(1, int(params.days * 0.8)), params.users)
    weight = rng.lognormal(0.0, 1.0, params.users)
    contexts = np.array(
        [
            json.dumps({"device": {"type": p}, "campaign": {"source": c}})
            for p in PLATFORMS
            for c in CHANNELS
        ]
    )
    user_context = rng.integers(0, len(contexts), params.users)
    names = np.array(list(EVENT_MIX))
    mix = np.array(list(EVENT_MIX.values()), dtype=float)
    mix /= mix.sum()
    per_day = params.total_events // params.days
    pending: dict[int, list[pa.Table]] = {}
    next_id = 0
    for day in range(params.days):
        eligible = np.flatnonzero(first_day <= day)
        p = weight[eligible] / weight[eligible].sum()
        users = np.sort(rng.choice(eligible, size=per_day, p=p))
        # rank of each event within its user's day, then sessions of EVENTS_PER_SESSION
        starts = np.r_[0, np.flatnonzero(np.diff(users)) + 1]
        rank = np.arange(per_day) - np.repeat(starts, np.diff(np.r_[starts, per_day]))
        session = rank // EVENTS_PER_SESSION
        session_start = rng.integers(0, 86_400 - 3_600, per_day)  # seconds of the day
        # all events of a session share its start: take the first event's draw
        first_of_session = np.arange(per_day) - (rank % EVENTS_PER_SESSION)
        offset = session_start[first_of_session] + (rank % EVENTS_PER_SESSION) * rng.integers(
            30, 120, per_day
        )
        del session
        day_start = np.datetime64(params.start + dt.timedelta(day), "us")
        ts = day_start + (offset * 1_000_000).astype("timedelta64[us]")
        late = rng.random(per_day) < params.late_share
        delay_days = np.where(late, rng.integers(1, MAX_LATE_DAYS + 1, per_day), 0)
        received = (
            ts + np.timedelta64(2, "s") + (delay_days * 86_400_000_000).astype("timedelta64[us]")
        )
        ids = pc.binary_join_element_wise(
            "syn-", pc.cast(pa.array(np.arange(next_id, next_id + per_day)), pa.string()), ""
        )
        next_id += per_day
        table = pa.table(
            {
                "message_id": ids,
                "type": pa.array(np.full(per_day, "track")),
                "event": pa.array(names[rng.choice(len(names), size=per_day, p=mix)]),
                "user_id": pc.binary_join_element_wise(
                    "user-", pc.cast(pa.array(users), pa.string()), ""
                ),
                "anonymous_id": pa.nulls(per_day, pa.string()),
                "timestamp": pa.array(ts),
                "sent_at": pa.array(received),  # sent when received: event_time = timestamp
                "received_at": pa.array(received),
                "tenant_id": pa.array(np.full(per_day, "synthetic")),
                "properties": pa.array(np.full(per_day, "{}")),
                "context": pa.array(contexts[user_context[users]]),
                "traits": pa.nulls(per_day, pa.string()),
                "_source_file": pa.array(np.full(per_day, "synthetic")),
                "_source_line": pa.array(np.arange(per_day, dtype=np.int64) + 1),
                "_arrival_date": pa.nulls(per_day, pa.date32()),
            }
        )
        for delay in range(MAX_LATE_DAYS + 1):
            part = table.filter(pa.array(delay_days == delay))
            if part.num_rows:
                pending.setdefault(day + delay, []).append(part)
        yield from _ready(params, pending, up_to=day)
    yield from _ready(params, pending, up_to=params.days + MAX_LATE_DAYS)


def _ready(
    params: SyntheticParams, pending: dict[int, list[pa.Table]], up_to: int
) -> Iterator[tuple[dt.date, pa.Table]]:
    for arrival in sorted(d for d in pending if d <= up_to):
        table = pa.concat_tables(pending.pop(arrival))
        day = params.start + dt.timedelta(arrival)
        table = table.set_column(
            table.schema.get_field_index("_arrival_date"),
            "_arrival_date",
            pa.array(np.full(table.num_rows, np.datetime64(day.isoformat(), "D"))),
        )
        yield day, table.cast(RAW_EVENT_SCHEMA)
