"""Independent recomputations of metrics.md on the bundled sample, in plain pandas and
Python, from the sample file alone (no warehouse, no dbt).

The replay sets sent_at = received_at, so event_time = timestamp (UTC) and event_date is
its date; every row has a user_id, so the user key is user_id.
"""

from __future__ import annotations

import bisect
import datetime as dt
import statistics

import pandas as pd

from flywheel_pipeline.settings import PROJECT_ROOT

SAMPLE = PROJECT_ROOT / "data" / "samples" / "ecom"
INACTIVE = {"checkout_bug", "payment_error"}  # config/tracking_plan.yml: active: false
SESSION_TIMEOUT = pd.Timedelta(minutes=30)  # config/project.yml
CHECKOUT = ["product_view", "add_to_cart", "shipping_details", "payment_details", "purchase"]
CHECKOUT_WINDOW = pd.Timedelta(days=14)  # config/funnels.yml


def sample_events() -> pd.DataFrame:
    df = pd.read_csv(SAMPLE / "ecom.csv.gz", parse_dates=["timestamp"])
    df["date"] = df["timestamp"].dt.normalize()
    return df


def sessions_per_date(df: pd.DataFrame) -> pd.DataFrame:
    """sessions, sessions_per_user, avg_session_seconds per session date.

    A session starts at a user's first event and after every gap strictly greater
    than 30 minutes; it belongs to the date of its first event.
    """
    df = df.sort_values(["user_id", "timestamp"], kind="stable")
    gap = df.groupby("user_id")["timestamp"].diff()
    df = df.assign(session=(gap.isna() | (gap > SESSION_TIMEOUT)).cumsum())
    sessions = df.groupby("session").agg(
        user_id=("user_id", "first"),
        start=("timestamp", "min"),
        end=("timestamp", "max"),
    )
    sessions["date"] = sessions["start"].dt.date
    sessions["seconds"] = (sessions["end"] - sessions["start"]).dt.total_seconds()
    per_date = sessions.groupby("date").agg(
        sessions=("user_id", "size"),
        users=("user_id", "nunique"),
        avg_session_seconds=("seconds", "mean"),
    )
    per_date["sessions_per_user"] = per_date["sessions"] / per_date["users"]
    return per_date[["sessions", "sessions_per_user", "avg_session_seconds"]]


def checkout_funnel(df: pd.DataFrame) -> list[tuple[int, float | None]]:
    """(users reached, median seconds from entry) per checkout step, every entry date.

    Each product_view is an attempt; step k is the earliest step-k event at or after
    step k-1 and within 14 days of the entry (inclusive). A user counts once, at the
    attempt reaching the furthest step (the earliest attempt on ties).
    """
    times: dict[str, dict[str, list]] = {}
    for user, event, ts in df[df["event"].isin(CHECKOUT)][
        ["user_id", "event", "timestamp"]
    ].itertuples(index=False):
        times.setdefault(user, {}).setdefault(event, []).append(ts)
    for per_event in times.values():
        for stamps in per_event.values():
            stamps.sort()
    reached: list[list[float]] = [[] for _ in CHECKOUT]
    for per_event in times.values():
        best: list = []
        for entry in per_event.get(CHECKOUT[0], []):
            path, at = [entry], entry
            for step in CHECKOUT[1:]:
                stamps = per_event.get(step, [])
                i = bisect.bisect_left(stamps, at)
                if i == len(stamps) or stamps[i] > entry + CHECKOUT_WINDOW:
                    break
                at = stamps[i]
                path.append(at)
            if len(path) > len(best):
                best = path
        for k, at in enumerate(best):
            reached[k].append((at - best[0]).total_seconds())
    return [(len(s), statistics.median(s) if s else None) for s in reached]


def retention_d1_d7_d30(df: pd.DataFrame, last_complete: dt.date) -> tuple:
    """D1, D7, D30 over all daily cohorts: retained on day N / cohort sizes, counting
    only the cohorts whose day N is on or before the last complete date."""
    active = df[~df["event"].isin(INACTIVE)]
    active_days = active.groupby("user_id")["date"].apply(lambda s: {d.date() for d in s})
    first = {user: min(days) for user, days in active_days.items()}
    out = []
    for n in (1, 7, 30):
        retained = users = 0
        for user, cohort in first.items():
            if cohort <= last_complete and cohort + dt.timedelta(n) <= last_complete:
                users += 1
                retained += (cohort + dt.timedelta(n)) in active_days[user]
        out.append(retained / users if users else None)
    return tuple(out)
