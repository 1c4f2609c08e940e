"""Landing readers: NDJSON (plain, gzip), CSV with a mapping, parquet; bounded lines."""

import io

import pyarrow as pa
import pyarrow.parquet as pq

from flywheel_pipeline.config import ColumnMapping
from flywheel_pipeline.lake.readers import _iter_lines, is_landing_file, iter_landing_file

MAPPING = ColumnMapping(
    columns={"user_id": "uid", "event": "what", "timestamp": "ts"},
    properties={"session_id": "sess"},
    context={"device.type": "platform"},
    constants={"type": "track"},
)


def read(env, key):
    return list(iter_landing_file(env.lake, key, mapping=MAPPING, max_row_bytes=200, batch_rows=2))


def test_ndjson_plain_and_gzip_give_the_same_rows(flywheel_env):
    rows = ['{"a": 1}', "", '{"a": 2}', "{broken"]
    k1 = flywheel_env.write_landing("2024-03-01", "x.ndjson", rows)
    k2 = flywheel_env.write_landing("2024-03-01", "x.ndjson.gz", rows, gz=True)
    for key in (k1, k2):
        got = read(flywheel_env, key)
        assert [(r.line, r.record, r.error) for r in got] == [
            (1, {"a": 1}, None),
            (3, {"a": 2}, None),
            (4, None, "invalid_json"),
        ]


def test_an_oversized_line_is_flagged_without_being_held(flywheel_env):
    key = flywheel_env.write_landing(
        "2024-03-01", "big.ndjson", ['{"a": 1}', "x" * 5000, '{"b":2}']
    )
    got = read(flywheel_env, key)
    assert [(r.line, r.error, r.raw is None) for r in got] == [
        (1, None, False),
        (2, "oversized_row", True),
        (3, None, False),
    ]
    assert got[1].size == 5000


def test_line_splitter_handles_lines_across_chunks(monkeypatch):
    import flywheel_pipeline.lake.readers as readers

    monkeypatch.setattr(readers, "READ_CHUNK", 4)
    stream = io.BytesIO(b"abcdefghij\nkl\n\nmnop")
    assert list(_iter_lines(stream, 8)) == [
        (1, None, 10),
        (2, b"kl", 2),
        (3, b"", 0),
        (4, b"mnop", 4),
    ]


def test_csv_rows_are_mapped_to_the_contract(flywheel_env):
    data = (
        b"uid,what,ts,sess,platform\n"
        b"u1,home,2024-03-01 10:00:00,s1,ios\n"
        b"u2,cart,2024-03-01 11:00:00,,\n"
    )
    flywheel_env.lake.write_bytes_atomic("landing/events/dt=2024-03-01/e.csv", data)
    got = read(flywheel_env, "landing/events/dt=2024-03-01/e.csv")
    assert [r.record for r in got] == [
        {
            "type": "track",
            "user_id": "u1",
            "event": "home",
            "timestamp": "2024-03-01 10:00:00",
            "properties": {"session_id": "s1"},
            "context": {"device": {"type": "ios"}},
        },
        {"type": "track", "user_id": "u2", "event": "cart", "timestamp": "2024-03-01 11:00:00"},
    ]
    assert [r.line for r in got] == [1, 2]


def test_parquet_rows_keep_contract_names(flywheel_env):
    table = pa.table({"message_id": ["m1", "m2", "m3"], "type": ["track"] * 3})
    sink = io.BytesIO()
    pq.write_table(table, sink)
    flywheel_env.lake.write_bytes_atomic("landing/events/dt=2024-03-01/p.parquet", sink.getvalue())
    got = read(flywheel_env, "landing/events/dt=2024-03-01/p.parquet")
    assert [(r.line, r.record["message_id"]) for r in got] == [(1, "m1"), (2, "m2"), (3, "m3")]


def test_hidden_and_temporary_files_are_not_landing_files():
    assert is_landing_file("landing/events/dt=2024-03-01/a.ndjson.gz")
    assert not is_landing_file("landing/events/dt=2024-03-01/_manifest.json")
    assert not is_landing_file("landing/events/dt=2024-03-01/.a.ndjson")
    assert not is_landing_file("landing/events/dt=2024-03-01/a.ndjson.tmp-123")
