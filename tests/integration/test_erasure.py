"""Erasure of one person (docs/privacy.md "Erasure"), on both engine pairs.

acme's user `ann@x.com` (an email: raw holds its keyed hash) also used the
anonymous id `anon-ann` before signing in, sent an event the tracking plan
does not know (quarantined), and sits in an ML export. After
`flywheel erase --tenant acme --user-id ann@x.com`:

- a scan of every object of the lake (landing, raw, quarantine, exports) and
  of every text column of every warehouse table finds none of her ids or their
  hash; the audit record and the suppression list hold keyed subject hashes only;
- every model equals a fresh build of the same events without hers;
- globex's user of the same name `bob` and acme's `bob` are untouched;
- her later event is dropped at ingest and counted as suppressed;
- the dry run before it changed nothing.
"""

import gzip
import hashlib
import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flywheel_pipeline.cli import main
from flywheel_pipeline.contract.pii import keyed_hash
from tests.support import (
    ENGINES,
    MODEL_KEYS,
    assert_same_rows,
    build_events,
    comparison_sql,
    engine_env_vars,
    event,
    make_env,
)

ANN = "ann@x.com"
ANN_EVENTS = [
    event("a1", "2024-03-01T10:00:00", anonymous_id="anon-ann", name="product_view"),
    event(
        "a2",
        "2024-03-01T10:05:00",
        user_id=ANN,
        anonymous_id="anon-ann",
        type="identify",
        name=None,
    ),
    event("a3", "2024-03-02T11:00:00", user_id=ANN, name="add_to_cart"),
    event("a4", "2024-03-02T11:01:00", user_id=ANN, name="not_in_the_plan"),  # quarantined
]
OTHERS = [
    event("b1", "2024-03-01T09:00:00", user_id="bob", name="product_view"),
    event("b2", "2024-03-02T09:00:00", user_id="bob", name="add_to_cart"),
    event("b3", "2024-03-03T09:00:00", user_id="bob", name="search"),
]
ACME = [{**e, "tenant_id": "acme"} for e in ANN_EVENTS + OTHERS]
GLOBEX = [{**e, "tenant_id": "globex"} for e in OTHERS]
LATER = {**event("a9", "2024-03-05T10:00:00", user_id=ANN, name="search"), "tenant_id": "acme"}
EXPORT_KEY = "exports/ml/training/dt=2024-03-04/part-0.parquet"
COMPARED = {k: v for k, v in MODEL_KEYS.items() if k != "intermediate.int_touched_event_dates"}


def _lake_text(env) -> dict[str, str]:
    """Every object of the lake as searchable text (parquet as its rows, gzip opened)."""
    texts = {}
    for obj in env.lake.list_files(""):
        data = env.lake.read_bytes(obj.key)
        if obj.key.endswith(".parquet"):
            texts[obj.key] = str(pq.read_table(io.BytesIO(data)).to_pylist())
        elif obj.key.endswith(".gz"):
            texts[obj.key] = gzip.decompress(data).decode("utf-8", "replace")
        else:
            texts[obj.key] = data.decode("utf-8", "replace")
    return texts


def _lake_digest(env) -> dict[str, str]:
    return {
        obj.key: hashlib.sha256(env.lake.read_bytes(obj.key)).hexdigest()
        for obj in env.lake.list_files("")
        if not obj.key.startswith(("privacy/audit/", "_locks/"))
    }


def _warehouse_hits(env, needles: list[str]) -> list[tuple]:
    columns = env.query(
        "select table_schema, table_name, column_name from information_schema.columns"
        " where table_schema in ('raw', 'staging', 'intermediate', 'marts', 'reporting',"
        " 'flywheel_audit')"
    )
    hits = []
    for schema, table, column in columns:
        for needle in needles:
            [(n,)] = env.query(
                f'select count(*) from {schema}.{table} where cast("{column}" as varchar(100000))'
                f" like '%{needle}%'"
            )
            if n:
                hits.append((schema, table, column, needle, n))
    return hits


@pytest.mark.parametrize("engine", ENGINES)
def test_erasure_removes_every_trace_and_suppresses_later_events(
    engine, request, tmp_path, monkeypatch
):
    reference = make_env(tmp_path / "reference", monkeypatch, **engine_env_vars(engine, request))
    build_events(
        reference,
        [e for e in ACME + GLOBEX if e["message_id"][0] != "a" or e["tenant_id"] != "acme"],
    )

    env = make_env(tmp_path / "erased", monkeypatch, **engine_env_vars(engine, request))
    build_events(env, ACME + GLOBEX)
    ann_hash = keyed_hash(ANN, env.settings.pii_key.encode())
    needles = [ANN, "anon-ann", ann_hash]
    export = pa.table(
        {
            "tenant_id": ["acme", "acme", "globex"],
            "user_key": [ann_hash, "bob", "bob"],
            "label": [1, 0, 1],
        }
    )
    out = pa.BufferOutputStream()
    pq.write_table(export, out)
    env.lake.write_bytes_atomic(EXPORT_KEY, out.getvalue().to_pybytes())
    # she is everywhere before: raw, quarantine, landing, export, warehouse
    before = _lake_text(env)
    assert any(ann_hash in t for k, t in before.items() if k.startswith("raw/"))
    assert any(ann_hash in t for k, t in before.items() if k.startswith("quarantine/"))
    assert any(ANN in t for k, t in before.items() if k.startswith("landing/"))
    assert _warehouse_hits(env, [ann_hash])

    digest = _lake_digest(env)
    assert main(["erase", "--tenant", "acme", "--user-id", ANN, "--dry-run"]) == 0
    assert _lake_digest(env) == digest, "the dry run changed the lake"
    assert _warehouse_hits(env, [ann_hash])

    assert main(["erase", "--tenant", "acme", "--user-id", ANN]) == 0

    after = _lake_text(env)
    assert [(k, n) for k, t in after.items() for n in needles if n in t] == []
    assert _warehouse_hits(env, needles) == []
    assert pq.read_table(io.BytesIO(env.lake.read_bytes(EXPORT_KEY))).num_rows == 2

    audit = env.query(
        "select job, dry_run, tenant_id, touched from flywheel_audit.privacy_jobs"
        " order by started_at"
    )
    assert [(a[0], a[1], a[2]) for a in audit] == [
        ("erasure", True, "acme"),
        ("erasure", False, "acme"),
    ]
    assert '"raw_rows": 3' in audit[1][3] and '"quarantine_rows": 1' in audit[1][3]

    for model in COMPARED:
        sql = comparison_sql(env, model, leave_out=("source_line",))
        assert_same_rows(env.query(sql), reference.query(sql), model)

    # a later event of hers is dropped at ingest, counted as suppressed
    env.write_landing("2024-03-05", "later.ndjson", [LATER])
    result = env.build_raw("2024-03-05")
    assert (result.rows_read, result.rows_written, result.suppressed) == (1, 0, 1)
    assert result.balanced


def test_the_dagster_erasure_job_runs_submitted_requests(tmp_path, monkeypatch):
    """`flywheel erase --submit` queues the request in the lake (no ids in run
    config); the Dagster job `erasure` runs it, audits it with its run id and
    removes it. The Dagster job `retention` runs its dry run from run config."""
    from dagster import DagsterInstance

    from tests.dagster_support import definitions

    env = make_env(tmp_path, monkeypatch)
    build_events(env, ACME + GLOBEX)
    assert main(["erase", "--tenant", "acme", "--anonymous-id", "anon-ann", "--submit"]) == 0
    assert [o.key for o in env.lake.list_files("privacy/requests")] != []

    defs = definitions(env)
    instance = DagsterInstance.ephemeral()
    result = defs.get_job_def("erasure").execute_in_process(instance=instance)
    assert result.success
    assert [o.key for o in env.lake.list_files("privacy/requests")] == []
    # the anonymous id leads to her user_id: every row of hers is gone, bob's stay
    assert env.query(
        "select user_key, count(*) from marts.fct_events where tenant_id = 'acme' group by user_key"
    ) == [("bob", 3)]
    retention = defs.get_job_def("retention").execute_in_process(
        instance=instance,
        run_config={
            "ops": {"apply_retention_policy": {"config": {"dry_run": True, "today": "2026-04-01"}}}
        },
    )
    assert retention.success
    assert env.query(
        "select job, dry_run, dagster_run_id from flywheel_audit.privacy_jobs order by started_at"
    ) == [("erasure", False, result.run_id), ("retention", True, retention.run_id)]
    # acme: 3 of bob (her 3 accepted rows erased, her 4th was quarantined); globex: 3
    assert env.query("select count(*) from raw.events") == [(6,)]
