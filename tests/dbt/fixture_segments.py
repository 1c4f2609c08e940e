"""A hand-made event set that pins metrics.md "Segments" with config/segments.yml's
defaults (windows of 30 days, at-risk halves of 14 days), as of 2024-04-30:

    g_power    active 04-11..04-30 (20 days), purchase 04-20: recent half [04-17, 04-30]
               14 days, earlier [04-03, 04-16] 6: not at risk -> power_user, high_value
    g_active   active 04-21..04-30 (10 days), never converted -> active_user,
               potential_high_value
    g_regular  active 04-28, 04-29, 04-30; 5 searches on 04-28 -> regular_user,
               medium_value, new_user (first active 04-28 in [04-24, 04-30]), searcher
    g_casual   active 04-05 and 04-30 (earlier half: 1 day, < 2) -> casual_user, low_value
    g_edge     active 04-01 only = d - 29, inside the window -> casual_user, low_value
    g_risk     active 04-05..04-08 and 04-20: recent half 1 day < 4 / 2 -> at_risk, low_value
    g_churn    active 03-15 only -> churned (no value segment)
    g_inactive only checkout_bug (active: false) on 04-29: seen, never active -> churned

Engagement on 04-30: power 1, active 1, regular 1, casual 2, at_risk 1, churned 2 = 8 users.

g_risk's engagement history: casual 04-05..04-06 (1, 2 active days), regular from 04-07
(3 days); at_risk needs >= 2 earlier-half days, first true on 04-22: recent [04-09, 04-22]
has 04-20 only (1) < earlier [03-26, 04-08] 4 days / 2. On 04-21 recent [04-08, 04-21] has
2, not < 3 / 2.  -> casual [04-05, 04-07), regular [04-07, 04-22), at_risk [04-22, open).
g_churn: casual [03-15, 04-14) (03-15 + 29 = 04-13 is the last day in the window), churned
[04-14, open); new_user [03-15, 03-22).
"""

import datetime as dt

from tests.support import event


def days(user, first, last, name="home"):
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return [
        event(
            f"{user}-{start + dt.timedelta(d)}",
            f"{start + dt.timedelta(d)}T12:00:00",
            user_id=user,
            name=name,
        )
        for d in range((end - start).days + 1)
    ]


EVENTS = [
    *days("g_power", "2024-04-11", "2024-04-30"),
    event("g_power-buy", "2024-04-20T13:00:00", user_id="g_power", name="purchase"),
    *days("g_active", "2024-04-21", "2024-04-30"),
    *days("g_regular", "2024-04-28", "2024-04-30"),
    *[
        event(f"g_regular-s{i}", f"2024-04-28T13:0{i}:00", user_id="g_regular", name="search")
        for i in range(5)
    ],
    *days("g_casual", "2024-04-05", "2024-04-05"),
    *days("g_casual", "2024-04-30", "2024-04-30"),
    *days("g_edge", "2024-04-01", "2024-04-01"),
    *days("g_risk", "2024-04-05", "2024-04-08"),
    *days("g_risk", "2024-04-20", "2024-04-20"),
    *days("g_churn", "2024-03-15", "2024-03-15"),
    event("g_inactive-1", "2024-04-29T12:00:00", user_id="g_inactive", name="checkout_bug"),
]

AS_OF = "2024-04-30"
# user: {(segment_type, segment), ...} on AS_OF
MEMBERSHIPS = {
    "g_power": {("engagement", "power_user"), ("value", "high_value")},
    "g_active": {("engagement", "active_user"), ("value", "potential_high_value")},
    "g_regular": {
        ("engagement", "regular_user"),
        ("value", "medium_value"),
        ("lifecycle", "new_user"),
        ("feature", "searcher"),
    },
    "g_casual": {("engagement", "casual_user"), ("value", "low_value")},
    "g_edge": {("engagement", "casual_user"), ("value", "low_value")},
    "g_risk": {("engagement", "at_risk"), ("value", "low_value")},
    "g_churn": {("engagement", "churned")},
    "g_inactive": {("engagement", "churned")},
}
ENGAGEMENT_DISTRIBUTION = {
    "power_user": 1,
    "active_user": 1,
    "regular_user": 1,
    "casual_user": 2,
    "at_risk": 1,
    "churned": 2,
}
# (user, segment_type): [(segment, valid_from, valid_to)]
HISTORY = {
    ("g_risk", "engagement"): [
        ("casual_user", "2024-04-05", "2024-04-07"),
        ("regular_user", "2024-04-07", "2024-04-22"),
        ("at_risk", "2024-04-22", None),
    ],
    ("g_churn", "engagement"): [
        ("casual_user", "2024-03-15", "2024-04-14"),
        ("churned", "2024-04-14", None),
    ],
    ("g_churn", "lifecycle"): [("new_user", "2024-03-15", "2024-03-22")],
}
