"""A hand-made event set that pins the engagement definitions of metrics.md.

Users and their active days (UTC, mau_window_days = 28):

    u5  02-05                   (inside MAU(03-03)'s window [02-05, 03-03], outside MAU(03-04))
    u1  03-01, 03-08            (in WAU(03-07) through 03-01; in WAU(03-08) only through 03-08)
    u7  03-01                   (in WAU(03-07), not in WAU(03-08): 03-01 left the window)
    u2  03-01, 03-02
    u3  03-03, 03-05            03-03 events are anonymous (dev-3), signed in on 03-05:
                                stitching is retroactive, so u3 is new on 03-03, not 03-05;
                                a later identify links dev-3 to u9: the earliest (u3) wins
    u6  03-03                   clock skew: device timestamp 03-02 23:59, sent 03-03 00:30
                                (device clock), received 03-04 00:10 -> event_time
                                03-04 00:10 - 31 min = 03-03 23:39 -> 03-03
    u4  never active            identify + checkout_bug (active: false)
    u9  never active            identify only

One more copy of e02 arrives on 03-09 with another name: the first copy wins.
"""

from tests.support import event

EVENTS = [
    event("e01", "2024-02-05T10:00:00", user_id="u5"),
    event("e02", "2024-03-01T09:00:00", user_id="u1"),
    event("e03", "2024-03-01T10:00:00", user_id="u2"),
    event("e03b", "2024-03-01T15:00:00", user_id="u7"),
    event("e04", "2024-03-02T10:00:00", user_id="u2", name="search"),
    event("e05", "2024-03-02T11:00:00", user_id="u4", type="identify", name=None),
    event("e06", "2024-03-02T11:05:00", user_id="u4", name="checkout_bug"),
    event("e07", "2024-03-03T08:00:00", anonymous_id="dev-3"),
    event("e08", "2024-03-03T08:05:00", anonymous_id="dev-3", type="page", name="Pricing"),
    event(
        "e09",
        "2024-03-02T23:59:00",
        user_id="u6",
        sent_at="2024-03-03T00:30:00",
        received_at="2024-03-04T00:10:00",
    ),
    event(
        "e10", "2024-03-05T12:00:00", user_id="u3", anonymous_id="dev-3", type="identify", name=None
    ),
    event("e11", "2024-03-05T12:01:00", user_id="u3", name="product_view"),
    event(
        "e13", "2024-03-06T09:00:00", user_id="u9", anonymous_id="dev-3", type="identify", name=None
    ),
    event("e12", "2024-03-08T09:00:00", user_id="u1"),
    event(
        "e02", "2024-03-01T09:00:00", user_id="u1", name="search", received_at="2024-03-09T00:00:00"
    ),
]

# metric_date: (dau, wau, mau, new_users), worked out by hand from the table above.
EXPECTED = {
    "2024-02-05": (1, 1, 1, 1),
    "2024-02-11": (0, 1, 1, 0),
    "2024-02-12": (0, 0, 1, 0),
    "2024-03-01": (3, 3, 4, 3),
    "2024-03-02": (1, 3, 4, 0),
    "2024-03-03": (2, 5, 6, 2),
    "2024-03-04": (0, 5, 5, 0),
    "2024-03-05": (1, 5, 5, 0),
    "2024-03-06": (0, 5, 5, 0),
    "2024-03-07": (0, 5, 5, 0),
    "2024-03-08": (1, 4, 5, 0),
}
FIRST_DATE, LAST_DATE = "2024-02-05", "2024-03-08"
