"""A hand-made event set that pins metrics.md "Retention" and "Lifecycle" (UTC, weeks
start on Monday; 2024-03-01 is a Friday).

Active days:
    r1  03-01 23:50, 03-02 00:10, 03-08   (23:50 -> 00:10 is day 1: calendar days, not 24 h)
    r2  03-01 10:00, 03-04, 03-12          (03-12 is after the last complete date: ignored)
    r3  03-02
    r4  03-05, 03-06
    r9  checkout_bug on 03-12 (not active): the newest arrival day is 03-12, so the
        last complete date is 03-11.

Daily cohort 03-01 = {r1, r2}, size 2 (period N = 03-01 + N; 03-12 = N 11 is censored):
    on:          N 0:2  1:1  2:0  3:1  4-6:0  7:1  8-10:0   11..:null
    on or after: N 0-3:2      4-7:1          8-10:0          11..:null
Daily cohort 03-02 = {r3}: on 1 at N 0, 0 for N 1..9 (03-11), null from N 10.
Daily cohort 03-05 = {r4}: on 1 at N 0 and 1, 0 for N 2..6, null from N 7 (03-12).
Weekly cohorts: week of 02-26 = {r1, r2, r3}: week 0 (to 03-03) 3; week 1 (03-04..03-10):
    r2, r1 -> 2, on or after 2; week 2 (to 03-17) censored. Week of 03-04 = {r4}: week 0
    1, week 1 censored.
Monthly cohort March = {r1, r2, r3, r4}: month 0 ends 03-31, after 03-11: censored, null.
Summary over all daily cohorts:
    D1  = (1 + 0 + 1) / (2 + 1 + 1) = 0.5
    D7  = (1 + 0) / (2 + 1) = 1/3    (03-05's day 7 is 03-12, censored: not counted)
    D30 = null                       (every day 30 is censored)

Lifecycle per day (active = new + returning + resurrecting;
                   dormant(p) = active(p-1) - returning(p)):
    date   active new ret res dorm        date   active new ret res dorm
    03-01     2    2   0   0   0          03-07     0    0   0   0   1 (r4)
    03-02     2    1   1   0   1 (r2)     03-08     1    0   0   1   0
    03-03     0    0   0   0   2          03-09     0    0   0   0   1
    03-04     1    0   0   1   0          03-10..11 0    0   0   0   0
    03-05     1    1   0   0   1 (r2)     03-12     1    0   0   1   0 (r2; after the last
    03-06     1    0   1   0   0                                     complete date)
Lifecycle per week: week 02-26: active 3, new 3; week 03-04: active r2 r4 r1 = 3, new 1 (r4),
    returning 2 (r1, r2), resurrecting 0, dormant 1 (r3); week 03-11: active 1 (r2),
    returning 1, dormant 2 (r1, r4).
"""

from tests.support import event

EVENTS = [
    event("r1-1", "2024-03-01T23:50:00", user_id="r1"),
    event("r1-2", "2024-03-02T00:10:00", user_id="r1"),
    event("r1-3", "2024-03-08T10:00:00", user_id="r1"),
    event("r2-1", "2024-03-01T10:00:00", user_id="r2"),
    event("r2-2", "2024-03-04T10:00:00", user_id="r2"),
    event("r2-3", "2024-03-12T10:00:00", user_id="r2"),
    event("r3-1", "2024-03-02T10:00:00", user_id="r3"),
    event("r4-1", "2024-03-05T10:00:00", user_id="r4"),
    event("r4-2", "2024-03-06T10:00:00", user_id="r4"),
    event("r9-1", "2024-03-12T11:00:00", user_id="r9", name="checkout_bug"),
]

NULL = None
# (grain, cohort_start): [(retained_on, retained_on_or_after), ...] for N = 0, 1, ...
TRIANGLES = {
    ("day", "2024-03-01"): [(2, 2), (1, 2), (0, 2), (1, 2), (0, 1), (0, 1), (0, 1), (1, 1)]
    + [(0, 0)] * 3
    + [(NULL, NULL)] * 3,
    ("day", "2024-03-02"): [(1, 1)] + [(0, 0)] * 9 + [(NULL, NULL)] * 3,
    ("day", "2024-03-05"): [(1, 1), (1, 1)] + [(0, 0)] * 5 + [(NULL, NULL)] * 3,
    ("week", "2024-02-26"): [(3, 3), (2, 2), (NULL, NULL)],
    ("week", "2024-03-04"): [(1, 1), (NULL, NULL)],
    ("month", "2024-03-01"): [(NULL, NULL)],
}
COHORT_SIZES = {
    ("day", "2024-03-01"): 2,
    ("day", "2024-03-02"): 1,
    ("day", "2024-03-05"): 1,
    ("week", "2024-02-26"): 3,
    ("week", "2024-03-04"): 1,
    ("month", "2024-03-01"): 4,
}
SUMMARY_ALL = (0.5, 1 / 3, None)

# period_start: (active, new, returning, resurrecting, dormant)
LIFECYCLE_DAY = {
    "2024-03-01": (2, 2, 0, 0, 0),
    "2024-03-02": (2, 1, 1, 0, 1),
    "2024-03-03": (0, 0, 0, 0, 2),
    "2024-03-04": (1, 0, 0, 1, 0),
    "2024-03-05": (1, 1, 0, 0, 1),
    "2024-03-06": (1, 0, 1, 0, 0),
    "2024-03-07": (0, 0, 0, 0, 1),
    "2024-03-08": (1, 0, 0, 1, 0),
    "2024-03-09": (0, 0, 0, 0, 1),
    "2024-03-10": (0, 0, 0, 0, 0),
    "2024-03-11": (0, 0, 0, 0, 0),
    "2024-03-12": (1, 0, 0, 1, 0),
}
LIFECYCLE_WEEK = {
    "2024-02-26": (3, 3, 0, 0, 0),
    "2024-03-04": (3, 1, 2, 0, 1),
    "2024-03-11": (1, 0, 1, 0, 2),
}

# metrics_weekly, week_start: (active, new, events, sessions, sessions_per_user, avg_session_s)
# Week of 02-26: r1's 03-01 23:50 and 03-02 00:10 are one session of 1200 s (dated 03-01);
# r2 and r3 one event each. Week of 03-11: r9's checkout_bug is a session too (all events).
WEEKLY = {
    "2024-02-26": (3, 3, 4, 3, 1.0, 400.0),
    "2024-03-04": (3, 1, 4, 4, 4 / 3, 0.0),
    "2024-03-11": (1, 0, 2, 2, 1.0, 0.0),
}
# key_metrics, N = 7, last complete date 03-11: current [03-05, 03-11], previous
# [02-27, 03-04] (metrics_daily starts on 03-01: the mean DAU is over 03-01..03-04).
#   dau          (1+1+0+1+0+0+0)/7 = 3/7     vs (2+2+0+1)/4 = 1.25
#   new_users    1 (r4)                      vs 3
#   sessions     3 (r4 twice, r1 on 03-08)   vs 4 (r1, r2 on 03-01; r3; r2 on 03-04)
#   d7_retention null (03-05's day 7 is censored) vs 1/3 (cohorts 03-01, 03-02)
KEY_METRICS = {
    "dau": (3 / 7, 1.25, (3 / 7 - 1.25) / 1.25 * 100),
    "new_users": (1.0, 3.0, (1 - 3) / 3 * 100),
    "sessions": (3.0, 4.0, -25.0),
    "d7_retention": (None, 1 / 3, None),
    "checkout_conversion": (None, None, None),
}
