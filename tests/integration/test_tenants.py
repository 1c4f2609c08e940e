"""Two tenants with overlapping ids, through every model: nothing mixes.

Tenant `acme` sends every hand-made fixture; tenant `globex` sends a subset of
the same events under the same message_ids and user ids, plus a sign-in that
links one of acme's anonymous ids to a user only globex has. globex also
overrides the time zone, a segment threshold and the checkout funnel
(config/tenants.yml). Built together, every model's rows of one tenant must
equal the rows of a build that holds only that tenant's events: a join, a key
or an aggregate without tenant_id would count the other tenant's rows (DAU
doubled, a message_id deduplicated away, an anonymous id stitched to globex's
user). Both engine pairs.
"""

import pytest

from tests.dbt import fixture_all
from tests.support import (
    ENGINES,
    MODEL_KEYS,
    assert_same_rows,
    build_events,
    comparison_sql,
    config_copy,
    engine_env_vars,
    event,
    make_env,
)

ACME_BASE = fixture_all.EVENTS
LAST_ARRIVAL = max(e["received_at"] for e in ACME_BASE)
# the last arrival stays in both, so both tenants share the last complete date
GLOBEX_BASE = [
    e for i, e in enumerate(ACME_BASE) if i % 3 != 0 or e["received_at"] == LAST_ARRIVAL
] + [
    # globex's own user on an anonymous id that acme also uses (fixture_sessions' s1
    # has none; the funnels fixture's anonymous ids are acme-only): not stitched in acme
    event("gx-link", "2024-03-01T09:30:00", user_id="gx-user", anonymous_id="shared-anon"),
    # 02:00 UTC on 03-05 is 03-04 in New York (globex's time zone)
    event("gx-night", "2024-03-05T02:00:00", user_id="s1", name="search"),
]
ACME_EXTRA = [
    event("ac-anon", "2024-03-02T12:00:00", anonymous_id="shared-anon", name="search"),
    event("gx-night", "2024-03-05T02:00:00", user_id="s1", name="search"),
]
ACME = [{**e, "tenant_id": "acme"} for e in ACME_BASE + ACME_EXTRA]
GLOBEX = [{**e, "tenant_id": "globex"} for e in GLOBEX_BASE]

TENANTS_YML = (
    "tenants: {}",
    """tenants:
  acme: {}
  globex:
    timezone: America/New_York
    segments:
      engagement: {power_user_min_days: 2, churn_days: 10}
      new_user_days: 3
    funnels:
      - name: checkout
        description: globex's shorter checkout.
        conversion_window_days: 3
        breakdowns: [platform]
        steps:
          - {name: browse, event: product_view}
          - {name: purchase, event: purchase}
""",
)
COMPARED = {k: v for k, v in MODEL_KEYS.items() if k != "intermediate.int_touched_event_dates"}


@pytest.mark.parametrize("engine", ENGINES)
def test_two_tenants_with_overlapping_ids_never_mix(engine, request, tmp_path, monkeypatch):
    config = str(config_copy(tmp_path, {"tenants.yml": TENANTS_YML}))
    envs = {}
    for name, events in (("both", ACME + GLOBEX), ("acme", ACME), ("globex", GLOBEX)):
        envs[name] = make_env(
            tmp_path / name,
            monkeypatch,
            FLYWHEEL_CONFIG_DIR=config,
            **engine_env_vars(engine, request),
        )
        build_events(envs[name], events)
    both = envs["both"]

    # the same message_id is one event per tenant, each counted
    assert both.query(
        "select tenant_id, count(*) from marts.fct_events group by tenant_id order by tenant_id"
    ) == [
        ("acme", len({e["message_id"] for e in ACME})),
        ("globex", len({e["message_id"] for e in GLOBEX})),
    ]

    # identity never stitches across tenants: acme's shared-anon stays anonymous
    assert both.query(
        "select tenant_id, user_key from marts.fct_events where message_id = 'ac-anon'"
    ) == [("acme", "anon:shared-anon")]
    assert both.query(
        "select tenant_id, user_id from intermediate.int_identity_map"
        " where anonymous_id = 'shared-anon'"
    ) == [("globex", "gx-user")]

    # globex's time zone applies to globex only
    assert both.query(
        "select tenant_id, cast(event_date as varchar(10)) from marts.fct_events"
        " where message_id = 'gx-night' order by tenant_id"
    ) == [("acme", "2024-03-05"), ("globex", "2024-03-04")]

    # globex's own checkout funnel has two steps; acme keeps the five of funnels.yml
    assert both.query(
        "select tenant_id, max(step_number) from marts.funnel_overview"
        " where funnel_name = 'checkout' group by tenant_id order by tenant_id"
    ) == [("acme", 5), ("globex", 2)]

    # every model: a tenant's rows equal a build of that tenant's events alone
    for model in COMPARED:
        # which line of the landing file a row came from differs between the builds
        sql = comparison_sql(both, model, leave_out=("source_line",))
        rows = both.query(sql)
        for tenant in ("acme", "globex"):
            mine = [row for row in rows if row[0] == tenant]
            alone = envs[tenant].query(sql)
            assert mine, (model, tenant)
            assert_same_rows(mine, alone, f"{model} ({tenant})")
