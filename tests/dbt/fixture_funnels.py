"""A hand-made event set that pins metrics.md "Funnels" (config/funnels.yml `checkout`:
product_view -> add_to_cart -> shipping_details -> payment_details -> purchase, 14 days),
plus a `promo_purchase` funnel with a property filter added by the test's config copy.

    f1  03-01 10:00 10:05 10:10 10:15 10:20 all five steps (desktop)   -> 5 steps;
        another product_view on 04-20 (a new attempt reaching step 1 only: the
        03-01 attempt stays the counted one, also when 04-20 arrives in a later run)
    f2  03-01 add_to_cart 09:00, product_view 09:10, shipping 09:20:
        out of order: the cart came before the entry               -> 1 step (mobile)
    f3  03-01 12:00 product_view; add_to_cart 03-15 12:00:00 (14 days exactly:
        inside, inclusive); shipping 03-15 12:00:01 (after the window) -> 2 steps
    f4  03-02 10:00 product_view, nothing within 14 days; again 03-20 10:00,
        cart 10:01, shipping 10:02: the later attempt goes further -> 3 steps, entry 03-20
    f5  anonymous dev-f5 (mobile): product_view 03-03 10:00, cart 10:05; signs in as
        f5 at 10:06; shipping 10:07, payment 10:08 as f5             -> 4 steps, user f5
    f6  03-04 10:00:00 product_view and add_to_cart at the same second -> 2 steps
    p1  promo_page {campaign: spring} 03-05 10:00, purchase 11:00    -> promo 2 steps
    p2  promo_page {campaign: winter} 03-05 10:00, purchase 10:30    -> not in promo

Newest arrival day 04-20, so the last complete date is 04-19: an entry date's
window is complete when entry + 14 <= 04-19, i.e. up to 04-05.

checkout, breakdown all (users reached per step; median seconds from entry):
    03-01  f1 f2 f3   3 2 1 1 1   medians 0, (300+1209600)/2 = 604950, 600, 900, 1200
    03-03  f5         1 1 1 1 0   medians 0, 300, 420, 480, null
    03-04  f6         1 1 0 0 0   medians 0, 0
    03-20  f4         1 1 1 0 0   medians 0, 60, 120
checkout, breakdown platform on 03-01: desktop 1 1 1 1 1; mobile 1 0 0 0 0;
    (unknown) 1 1 0 0 0.
checkout overview (every entry date): 6 5 3 2 1; step 2 seconds 0, 60, 300, 300,
    1209600 -> median 300; step 3 120, 420, 600 -> 420; step 4 480, 900 -> 690; step 5 1200.
"""

from tests.support import event

DESKTOP = {"device": {"type": "desktop"}}
MOBILE = {"device": {"type": "mobile"}}

EVENTS = [
    *[
        event(f"f1-{i}", f"2024-03-01T10:{5 * i:02d}:00", user_id="f1", name=name, context=DESKTOP)
        for i, name in enumerate(
            ["product_view", "add_to_cart", "shipping_details", "payment_details", "purchase"]
        )
    ],
    event("f1-again", "2024-04-20T10:00:00", user_id="f1", name="product_view", context=DESKTOP),
    event("f2-1", "2024-03-01T09:00:00", user_id="f2", name="add_to_cart", context=MOBILE),
    event("f2-2", "2024-03-01T09:10:00", user_id="f2", name="product_view", context=MOBILE),
    event("f2-3", "2024-03-01T09:20:00", user_id="f2", name="shipping_details", context=MOBILE),
    event("f3-1", "2024-03-01T12:00:00", user_id="f3", name="product_view"),
    event("f3-2", "2024-03-15T12:00:00", user_id="f3", name="add_to_cart"),
    event("f3-3", "2024-03-15T12:00:01", user_id="f3", name="shipping_details"),
    event("f4-1", "2024-03-02T10:00:00", user_id="f4", name="product_view"),
    event("f4-2", "2024-03-20T10:00:00", user_id="f4", name="product_view"),
    event("f4-3", "2024-03-20T10:01:00", user_id="f4", name="add_to_cart"),
    event("f4-4", "2024-03-20T10:02:00", user_id="f4", name="shipping_details"),
    event(
        "f5-1", "2024-03-03T10:00:00", anonymous_id="dev-f5", name="product_view", context=MOBILE
    ),
    event("f5-2", "2024-03-03T10:05:00", anonymous_id="dev-f5", name="add_to_cart", context=MOBILE),
    event(
        "f5-3",
        "2024-03-03T10:06:00",
        user_id="f5",
        anonymous_id="dev-f5",
        type="identify",
        name=None,
    ),
    event("f5-4", "2024-03-03T10:07:00", user_id="f5", name="shipping_details"),
    event("f5-5", "2024-03-03T10:08:00", user_id="f5", name="payment_details"),
    event("f6-1", "2024-03-04T10:00:00", user_id="f6", name="product_view"),
    event("f6-2", "2024-03-04T10:00:00", user_id="f6", name="add_to_cart"),
    event(
        "p1-1",
        "2024-03-05T10:00:00",
        user_id="p1",
        name="promo_page",
        properties={"campaign": "spring"},
    ),
    event("p1-2", "2024-03-05T11:00:00", user_id="p1", name="purchase"),
    event(
        "p2-1",
        "2024-03-05T10:00:00",
        user_id="p2",
        name="promo_page",
        properties={"campaign": "winter"},
    ),
    event("p2-2", "2024-03-05T10:30:00", user_id="p2", name="purchase"),
]

# A funnel added by editing config/funnels.yml only (the test appends it to a copy).
PROMO_FUNNEL = """
  - name: promo_purchase
    description: From a spring promotion page to a purchase.
    conversion_window_days: 7
    breakdowns: []
    steps:
      - {name: promo, event: promo_page, properties: {campaign: spring}}
      - {name: purchase, event: purchase}
"""

# checkout, breakdown all: entry_date -> [(users_reached, median_seconds), ...] and window complete
CHECKOUT_ALL = {
    "2024-03-01": ([(3, 0.0), (2, 604950.0), (1, 600.0), (1, 900.0), (1, 1200.0)], True),
    "2024-03-03": ([(1, 0.0), (1, 300.0), (1, 420.0), (1, 480.0), (0, None)], True),
    "2024-03-04": ([(1, 0.0), (1, 0.0), (0, None), (0, None), (0, None)], True),
    "2024-03-20": ([(1, 0.0), (1, 60.0), (1, 120.0), (0, None), (0, None)], True),
}
CHECKOUT_PLATFORM_0301 = {
    "desktop": [1, 1, 1, 1, 1],
    "mobile": [1, 0, 0, 0, 0],
    "(unknown)": [1, 1, 0, 0, 0],
}
# step: (users_reached, conversion_from_start, conversion_from_previous, median seconds)
CHECKOUT_OVERVIEW = [
    (6, 1.0, None, 0.0),
    (5, 5 / 6, 5 / 6, 300.0),
    (3, 3 / 6, 3 / 5, 420.0),
    (2, 2 / 6, 2 / 3, 690.0),
    (1, 1 / 6, 1 / 2, 1200.0),
]
# metrics_daily.checkout_conversion: users who purchased / users who entered, per entry date
CHECKOUT_CONVERSION = {
    "2024-03-01": 1 / 3,
    "2024-03-02": None,
    "2024-03-03": 0.0,
    "2024-03-04": 0.0,
    "2024-03-20": 0.0,
}
