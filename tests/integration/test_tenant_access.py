"""Row-level security on the real PostgreSQL server (docs/tenants.md "Access
control"): after `flywheel access apply`, a login in tenant acme's role reads
only acme's rows of the marts and reporting views, cannot widen what it reads,
and a rebuild keeps the protection; the analyst role reads every tenant."""

import dataclasses
import uuid

import adbc_driver_postgresql.dbapi as adbc_pg
import pytest

from flywheel_pipeline.cli import main
from tests.support import build_events, config_copy, engine_env_vars, event, make_env

EVENTS = [
    {**event(f"m{i}", f"2024-03-0{day}T10:00:00", user_id="u1"), "tenant_id": tenant}
    for i, (day, tenant) in enumerate(
        [(1, "acme"), (2, "acme"), (1, "globex"), (2, "globex"), (3, "globex")]
    )
]
TENANTS_YML = ("tenants: {}", "tenants:\n  acme: {}\n  globex: {}\n")
WIDENING = [
    "alter table marts.fct_events disable row level security",
    "drop policy flywheel_tenant_rows on marts.fct_events",
    "set role flywheel_tenant_globex",
    "set role flywheel_analyst",
    "insert into flywheel_access.tenant_roles values ('{login}', 'globex')",
    "grant flywheel_tenant_globex to {login}",
    "select count(*) from staging.stg_events",
    "select count(*) from raw.events",
    "alter view reporting.rpt_key_metrics set (security_invoker = false)",
]


def _login(env, name: str) -> str:
    """The warehouse URI with another login (password ``pw``)."""
    wh = dataclasses.replace(env.settings.warehouse, pg_user=name, pg_password="pw")
    return wh.postgres_uri


def _admin(env, *statements: str) -> None:
    uri = env.settings.warehouse.postgres_uri
    with adbc_pg.connect(uri, autocommit=True) as con, con.cursor() as cur:
        for statement in statements:
            cur.execute(statement)


def _rows(uri: str, sql: str) -> list[tuple]:
    with adbc_pg.connect(uri, autocommit=True) as con, con.cursor() as cur:
        cur.execute(sql)
        return cur.fetchall()


def _tenants_seen(uri: str) -> dict[str, list[tuple]]:
    return {
        relation: _rows(
            uri, f"select tenant_id, count(*) from {relation} group by tenant_id order by 1"
        )
        for relation in ("marts.fct_events", "marts.metrics_daily", "reporting.rpt_key_metrics")
    }


def test_a_tenant_role_reads_only_its_rows_and_cannot_widen_them(
    request, tmp_path, monkeypatch, capsys
):
    config = str(config_copy(tmp_path, {"tenants.yml": TENANTS_YML}))
    env = make_env(
        tmp_path, monkeypatch, FLYWHEEL_CONFIG_DIR=config, **engine_env_vars("postgres-s3", request)
    )
    build_events(env, EVENTS)
    assert main(["access", "apply"]) == 0
    suffix = uuid.uuid4().hex[:8]
    alice, bob = f"alice_{suffix}", f"bob_{suffix}"
    _admin(
        env, f"create role {alice} login password 'pw'", f"grant flywheel_tenant_acme to {alice}"
    )
    _admin(env, f"create role {bob} login password 'pw'", f"grant flywheel_analyst to {bob}")

    acme_only = {
        "marts.fct_events": [("acme", 2)],
        "marts.metrics_daily": [("acme", 2)],
        "reporting.rpt_key_metrics": [("acme", 6)],  # dau, new_users, sessions, 2 funnels, d7
    }
    assert _tenants_seen(_login(env, alice)) == acme_only
    both = _tenants_seen(_login(env, bob))
    assert both["marts.fct_events"] == [("acme", 2), ("globex", 3)]
    assert [t for t, _ in both["reporting.rpt_key_metrics"]] == ["acme", "globex"]

    # every mart and reporting relation: alice's rows are acme's rows, all of them
    relations = env.query(
        "select table_schema || '.' || table_name from information_schema.tables"
        " where table_schema in ('marts', 'reporting')"
    )
    assert len(relations) == 24  # 17 marts, 7 reporting views
    for (relation,) in relations:
        count = f"select count(*) from {relation}"
        assert _rows(_login(env, alice), count) == env.query(f"{count} where tenant_id = 'acme'"), (
            relation
        )

    for statement in WIDENING:
        with pytest.raises(adbc_pg.Error):
            _rows(_login(env, alice), statement.format(login=alice))
    assert _tenants_seen(_login(env, alice)) == acme_only

    # a rebuild replaces the tables: the post-hook protects them again
    env.dbt_build(full_refresh=True)
    assert _tenants_seen(_login(env, alice)) == acme_only
