"""A hand-made event set that pins metrics.md "Sessions" (timeout 30 min, strictly greater).

    s1  03-01 10:00:00  a   session A starts
        03-01 10:30:00  b   gap 30:00 exactly      -> same session A
        03-01 11:00:01  c   gap 30:01              -> new session B
        03-01 23:50:00  d   gap > 30 min           -> new session C
        03-02 00:10:00  e   gap 20 min, next day   -> still C; C belongs to 03-01
    s2  03-02 09:00:00  f   (mobile)               session D starts
        03-02 09:00:00  g   same time: ties by message_id, gap 0 -> D
    s3  03-03 23:40:00  h   session E starts
        03-04 00:30:00  j   gap 50 min             -> new session F on 03-04 ...
        03-04 00:05:00  i   ... until i arrives late (on 03-06): gaps 25 and 25 min,
                            so E = h, i, j and 03-04 has no session at all.

Sessions (date, user, start, end, duration s, events):
    A 03-01 s1 10:00:00 10:30:00 1800 2      D 03-02 s2 09:00 09:00    0 2
    B 03-01 s1 11:00:01 11:00:01    0 1      E 03-03 s3 23:40 00:30 3000 3
    C 03-01 s1 23:50:00 00:10:00 1200 2
Per date: sessions / users with a session / mean duration s
    03-01: 3 / 1 / (1800 + 0 + 1200) / 3 = 1000     03-03: 1 / 1 / 3000
    03-02: 1 / 1 / 0                                03-04: 0 / 0 / null
"""

from tests.support import event

EVENTS = [
    event("a", "2024-03-01T10:00:00", user_id="s1"),
    event("b", "2024-03-01T10:30:00", user_id="s1", name="search"),
    event("c", "2024-03-01T11:00:01", user_id="s1", name="product_view"),
    event("d", "2024-03-01T23:50:00", user_id="s1", name="catalog"),
    event("e", "2024-03-02T00:10:00", user_id="s1", name="cart"),
    event("f", "2024-03-02T09:00:00", user_id="s2", context={"device": {"type": "mobile"}}),
    event("g", "2024-03-02T09:00:00", user_id="s2", name="search"),
    event("h", "2024-03-03T23:40:00", user_id="s3"),
    event("j", "2024-03-04T00:30:00", user_id="s3", name="purchase"),
    event("i", "2024-03-04T00:05:00", user_id="s3", received_at="2024-03-06T08:00:00"),
]

# session_id: (session_date, duration_seconds, event_count, first_event_name, last_event_name)
EXPECTED_SESSIONS = {
    "s1/a": ("2024-03-01", 1800.0, 2, "home", "search"),
    "s1/c": ("2024-03-01", 0.0, 1, "product_view", "product_view"),
    "s1/d": ("2024-03-01", 1200.0, 2, "catalog", "cart"),
    "s2/f": ("2024-03-02", 0.0, 2, "home", "search"),
    "s3/h": ("2024-03-03", 3000.0, 3, "home", "purchase"),
}
# metric_date: (sessions, sessions_per_user, avg_session_seconds)
EXPECTED_DAILY = {
    "2024-03-01": (3, 3.0, 1000.0),
    "2024-03-02": (1, 1.0, 0.0),
    "2024-03-03": (1, 1.0, 3000.0),
    "2024-03-04": (0, None, None),
}
