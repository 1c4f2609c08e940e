"""Hostile input, round 2, through the whole pipeline on both engine pairs:
identity numbers keep their digits from landing to fct_events, and a Segment
batch file's calls land like any NDJSON event.

Identity values sent as JSON numbers: 2^53 + 1 (a double would make it
9007199254740992), 2^64 (beyond uint64; orjson made it 1.8446744073709552e+19)
and a 30-digit id (orjson made it 1.2345678901234568e+29): three different
users, each with its own digits as text.
"""

from __future__ import annotations

from flywheel_pipeline.lake.layout import EVENTS_SOURCE, landing_prefix

DAY = "2024-03-01"
IDS = ["9007199254740993", "18446744073709551616", "123456789012345678901234567890"]


def _line(mid: str, user_id: str, second: int) -> bytes:
    return (
        f'{{"messageId":"{mid}","type":"track","event":"home","userId":{user_id},'
        f'"timestamp":"{DAY}T10:00:{second:02d}Z"}}'
    ).encode()


BATCH = (
    b'{\n  "batch": [\n'
    b'    {"messageId": "b1", "type": "track", "event": "home", "userId": "batch-1",'
    b' "timestamp": "2024-03-01T11:00:00Z"},\n'
    b'    {"messageId": "b2", "type": "track", "event": "home", "userId": "batch-2",'
    b' "timestamp": "2024-03-01T11:00:01Z", "sentAt": "2024-03-01T11:00:02Z"},\n'
    b'    {"messageId": "b3", "type": "page", "anonymousId": "batch-anon",'
    b' "timestamp": "2024-03-01T11:00:03Z"}\n'
    b'  ],\n  "sentAt": "2024-03-01T11:00:05Z"\n}\n'
)
BATCH_WITHOUT_SENT_AT = (
    b'{"batch": [{"messageId": "b4", "type": "track", "event": "home", "userId": "batch-4",'
    b' "timestamp": "2024-03-01T12:00:00Z"}]}'
)
OTHER_SHAPE = b'[\n  {"messageId": "x1", "type": "track"}\n]\n'


def test_identity_numbers_and_batch_files_reach_fct_events_exactly(pipeline_env):
    env = pipeline_env
    prefix = landing_prefix(EVENTS_SOURCE, DAY)
    env.lake.write_bytes_atomic(
        f"{prefix}/numbers.ndjson",
        b"\n".join(_line(f"n{i}", uid, i) for i, uid in enumerate(IDS)) + b"\n",
    )
    env.lake.write_bytes_atomic(f"{prefix}/batch.json", BATCH)
    env.lake.write_bytes_atomic(f"{prefix}/single.json", BATCH_WITHOUT_SENT_AT)
    env.lake.write_bytes_atomic(f"{prefix}/other.json", OTHER_SHAPE)

    result = env.build_raw(DAY)
    assert (result.rows_written, result.rows_quarantined) == (7, 1)
    assert result.files_rejected == {f"{prefix}/other.json": "unsupported_shape"}
    env.load(DAY)
    env.dbt_build()

    rows = env.query(
        "select message_id, f.user_id, s.sent_at from marts.fct_events as f"
        " join staging.stg_events as s using (tenant_id, message_id) order by message_id"
    )
    got = {mid: (uid, str(sent)[:19] if sent else None) for mid, uid, sent in rows}
    assert {got[f"n{i}"][0] for i in range(3)} == set(IDS)
    assert got["n0"][0] == IDS[0] and got["n1"][0] == IDS[1] and got["n2"][0] == IDS[2]
    assert got["b1"] == ("batch-1", "2024-03-01 11:00:05")  # the batch's sentAt
    assert got["b2"] == ("batch-2", "2024-03-01 11:00:02")  # its own
    assert got["b3"][1] == "2024-03-01 11:00:05"
    assert got["b4"] == ("batch-4", None)  # no sentAt anywhere: none invented
