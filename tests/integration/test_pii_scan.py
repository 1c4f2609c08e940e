"""PII anywhere in an event never reaches storage in clear (docs/pii.md): after events
carrying an email, a phone number, a card number and IP addresses in listed and
unlisted places (nested, another case, free text, a URL, the user_id, rejected rows)
go through the Dagster pipeline, a scan of every raw and quarantine file, every
warehouse table and the Dagster event log finds none of them, on both engines."""

import json

import pyarrow.parquet as pq
from dagster import DagsterInstance

from tests.dagster_support import run_pipeline
from tests.support import event

DAY = "2024-03-01"
EMAIL = "Jane.Doe@Example.org"
PHONE = "+1 415-555-2671"
CARD = "4111 1111 1111 1111"
IP, OTHER_IP = "203.0.113.77", "198.51.100.23"
NEEDLES = [
    "jane.doe@example.org",
    "jane.doe%40example.org",
    "415-555-2671",
    "4111 1111 1111 1111",
    IP,
    OTHER_IP,
]


def pii_events() -> list:
    at = f"{DAY}T10:00:00"
    return [
        event(  # listed paths, nested, another case
            "p1",
            at,
            user_id="u1",
            type="identify",
            name=None,
            traits={"Email": EMAIL, "phone": PHONE},
            context={"ip": IP, "device": {"ip": OTHER_IP}},
        ),
        event(  # unlisted: free text, a nested object, a URL query string
            "p2",
            at,
            user_id="u1",
            properties={
                "note": f"call {PHONE} or mail {EMAIL}",
                "customer": {"email": EMAIL, "card": CARD},
                "forwarded": f"for={OTHER_IP}",
            },
            context={"page": {"url": "https://shop.example.com/?e=jane.doe%40example.org"}},
        ),
        event("p3", at, user_id=f"  {EMAIL} "),  # a user_id that is an email
        event("p4", at, user_id="u2", name=f"mail {EMAIL}"),  # rejected: unknown event
        f'{{"messageId": "p5", "note": "{EMAIL} {CARD}", ',  # rejected: broken JSON
    ]


def clear_text_found(text: str) -> list[str]:
    lowered = text.lower()
    return [needle for needle in NEEDLES if needle.lower() in lowered]


def test_no_pii_in_clear_in_files_tables_or_the_event_log(pipeline_env):
    env = pipeline_env
    key = env.write_landing(DAY, "pii.ndjson", pii_events())
    # the scan does find every needle where it is in clear: the landing file
    assert sorted(clear_text_found(env.lake.read_bytes(key).decode())) == sorted(NEEDLES)
    instance = DagsterInstance.ephemeral()
    result = run_pipeline(env, DAY, instance=instance)
    assert result.success

    # every raw and quarantine parquet file in the lake
    scanned = 0
    for prefix in ("raw", "quarantine"):
        for obj in env.lake.list_files(prefix):
            if obj.key.endswith(".parquet"):
                with env.lake.open_file(obj.key) as handle:
                    rows = pq.read_table(handle).to_pylist()
                scanned += len(rows)
                assert clear_text_found(json.dumps(rows, default=str)) == [], obj.key
    assert scanned >= 5  # 3 raw rows and 2 quarantined (plus nothing else)

    # every table and view of the warehouse
    tables = env.query(
        "select table_schema, table_name from information_schema.tables"
        " where table_schema in ('raw', 'staging', 'intermediate', 'marts', 'reporting')"
    )
    assert len(tables) > 20
    for schema, name in tables:
        rows = env.query(f"select * from {schema}.{name}")
        assert clear_text_found(json.dumps(rows, default=str)) == [], f"{schema}.{name}"

    # the Dagster event log: every record of the run, metadata and logs included
    log = json.dumps([str(record) for record in instance.all_logs(result.run_id)])
    assert clear_text_found(log) == []
    assert "p1" in log or "raw_events" in log  # the log is really there
