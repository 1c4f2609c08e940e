"""Landing readers: NDJSON (plain, gzip, bzip2, zstd), CSV with a mapping, parquet;
bounded lines; damaged files keep the rows before the damage."""

import bz2
import gzip
import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from flywheel_pipeline.config import ColumnMapping
from flywheel_pipeline.lake.ndjson_blocks import iter_line_blocks
from flywheel_pipeline.lake.read_ndjson import line_outcome, oversized
from flywheel_pipeline.lake.readers import (
    FileFault,
    Limits,
    LineBlock,
    RowReject,
    is_hidden,
    landing_format,
    read_landing_file,
)

MAPPING = ColumnMapping(
    columns={"user_id": "uid", "event": "what", "timestamp": "ts"},
    properties={"session_id": "sess"},
    context={"device.type": "platform"},
    constants={"type": "track"},
)
DAY = "2024-03-01"


def read(env, key):
    """(line, record or reason) per row, and the file fault's reason and line, if any."""
    obj = next(f for f in env.lake.list_files(key.rsplit("/", 1)[0]) if f.key == key)
    rows, fault, limits = [], None, Limits(200, 4)
    for item in read_landing_file(env.lake, obj, mapping=MAPPING, limits=limits, batch_rows=2):
        if isinstance(item, FileFault):
            fault = (str(item.reason), item.line)
            continue
        if isinstance(item, LineBlock):  # NDJSON: each line strictly parsed, as the slow path does
            rows += [
                (line, str(oversized(line, size, limits).reason)) for line, size in item.oversized
            ]
            for index in range(len(item)):
                got = line_outcome(item.first_line + index, item.line(index), limits)
                if isinstance(got, RowReject):
                    rows.append((got.line, str(got.reason)))
                elif got is not None:
                    rows.append((item.first_line + index, got[0]))
            continue
        rows += [(line, record) for line, record in zip(item.lines, item.records, strict=True)]
        rows += [(r.line, str(r.reason)) for r in item.rejects]
    return sorted(rows, key=lambda r: r[0]), fault


def put(env, name, data: bytes) -> str:
    key = f"landing/events/dt={DAY}/{name}"
    env.lake.write_bytes_atomic(key, data)
    return key


@pytest.mark.parametrize(
    ("name", "compress"),
    [
        ("x.ndjson", lambda b: b),
        ("x.ndjson.gz", lambda b: gzip.compress(b, mtime=0)),
        ("x.jsonl.bz2", bz2.compress),
        ("x.json.zst", lambda b: pa.compress(b, "zstd", asbytes=True)),
    ],
)
def test_ndjson_in_every_codec_gives_the_same_rows(flywheel_env, name, compress):
    data = b'{"a": 1}\n\n{"a": 2}\n{broken\n'
    key = put(flywheel_env, name, compress(data))
    assert read(flywheel_env, key) == ([(1, {"a": 1}), (3, {"a": 2}), (4, "invalid_json")], None)


def test_an_oversized_line_is_flagged_without_being_held(flywheel_env):
    key = put(flywheel_env, "big.ndjson", b'{"a": 1}\n' + b"x" * 5000 + b'\n{"b":2}\n')
    assert read(flywheel_env, key)[0] == [(1, {"a": 1}), (2, "oversized_row"), (3, {"b": 2})]


@pytest.mark.parametrize("chunk", [1, 3, 4, 7, 64])
def test_line_blocks_cut_whole_lines_across_chunks(chunk):
    """Lines 1..6 whatever the chunk size: '"abcdefghij"' is longer than
    max_row_bytes=8 (skipped while reading when it spans chunks, else measured by
    the parse; oversized either way, 12 bytes); the BOM goes; the last line has
    no line end."""
    stream = io.BytesIO(b'\xef\xbb\xbf[1]\n"abcdefghij"\n[3]\n\n{"a":5}\n[6]')
    limits = Limits(8, 4)
    blocks = list(iter_line_blocks(stream, 8, block_rows=2, chunk_bytes=chunk))
    outcomes = {line: f"oversized {size}" for b in blocks for line, size in b.oversized}
    for block in blocks:
        for index in range(len(block)):
            line = block.first_line + index
            got = line_outcome(line, block.line(index), limits)
            if isinstance(got, RowReject) and got.reason == "oversized_row":
                outcomes[line] = f"oversized {got.detail.split()[2]}"  # "row is 10 bytes, ..."
            elif isinstance(got, RowReject):
                outcomes[line] = str(got.reason)
            elif line not in outcomes:
                outcomes[line] = got if got is None else got[0]
    assert outcomes == {1: [1], 2: "oversized 12", 3: [3], 4: None, 5: {"a": 5}, 6: [6]}
    assert [b.first_line for b in blocks] == sorted(b.first_line for b in blocks)
    assert sum(len(b) for b in blocks) == 6 and all(len(b) <= 2 for b in blocks)


def test_a_truncated_gzip_keeps_its_complete_lines_and_names_where_it_stopped(flywheel_env):
    lines = b"".join(b'{"n": %d}\n' % i for i in range(1, 2001))
    data = gzip.compress(lines, mtime=0)
    key = put(flywheel_env, "cut.ndjson.gz", data[: len(data) // 2])
    rows, fault = read(flywheel_env, key)
    assert fault is not None and fault[0] == "unreadable_file"
    kept = [line for line, _ in rows]
    assert kept == list(range(1, len(kept) + 1)) and 0 < len(kept) < 2000
    assert fault[1] == len(kept) + 1  # the first line not read


def test_encodings_bom_accepted_invalid_utf8_and_nan_quarantined(flywheel_env):
    data = (
        b'\xef\xbb\xbf{"a": 1}\n'  # BOM before the first row: accepted
        b'{"a": "caf\xe9"}\n'  # latin-1: never replaced by U+FFFD
        b'{"a": NaN}\n'
        b'{"a": "\\ud800"}\n'  # lone surrogate
        b'{"a": "x\\u0000y"}\n'  # NUL
        b'{"a": 1e999}\n' + b"[" * 10 + b"]" * 10 + b"\n"  # deeper than max_nesting_depth=4
    )
    key = put(flywheel_env, "enc.ndjson", data)
    assert read(flywheel_env, key)[0] == [
        (1, {"a": 1}),
        (2, "invalid_encoding"),
        (3, "unstorable_value"),
        (4, "unstorable_value"),
        (5, "unstorable_value"),
        (6, "unstorable_value"),
        (7, "too_deep"),
    ]


def test_csv_rows_are_mapped_and_a_bad_row_is_rejected_alone(flywheel_env):
    data = (
        b"uid,what,ts,sess,platform\n"
        b"u1,home,2024-03-01 10:00:00,s1,ios\n"
        b"u2,cart,2024-03-01 11:00:00,,,one-too-many\n"
        b"u3,cart,2024-03-01 11:00:00,,\n"
        b"u\xe94,cart,2024-03-01 11:00:00,,\n"
    )
    key = put(flywheel_env, "e.csv", data)
    rows, fault = read(flywheel_env, key)
    assert fault is None
    assert rows == [
        (
            1,
            {
                "type": "track",
                "user_id": "u1",
                "event": "home",
                "timestamp": "2024-03-01 10:00:00",
                "properties": {"session_id": "s1"},
                "context": {"device": {"type": "ios"}},
            },
        ),
        (2, "invalid_csv_row"),
        (
            3,
            {"type": "track", "user_id": "u3", "event": "cart", "timestamp": "2024-03-01 11:00:00"},
        ),
        (4, "invalid_encoding"),
    ]


def test_parquet_rows_keep_contract_names_and_a_corrupt_file_is_one_fault(flywheel_env):
    table = pa.table(
        {"message_id": ["m1", "m2", "m3"], "type": ["track"] * 3, "x": [1.0, 2.0, float("nan")]}
    )
    sink = io.BytesIO()
    pq.write_table(table, sink)
    key = put(flywheel_env, "p.parquet", sink.getvalue())
    rows, fault = read(flywheel_env, key)
    assert [(line, r if isinstance(r, str) else r["message_id"]) for line, r in rows] == [
        (1, "m1"),
        (2, "m2"),
        (3, "unstorable_value"),  # NaN
    ]
    assert fault is None
    broken = put(flywheel_env, "broken.parquet", sink.getvalue()[:-20])
    assert read(flywheel_env, broken) == ([], ("unreadable_file", 1))


def test_formats_by_name_and_hidden_files():
    assert landing_format("a/b.ndjson.gz") == ("ndjson", "gzip")
    assert landing_format("a/b.CSV.zst") == ("csv", "zstd")
    assert landing_format("a/b.parquet") == ("parquet", None)
    assert landing_format("a/b.txt") is None and landing_format("a/b.parquet.gz") is None
    assert is_hidden("landing/events/dt=2024-03-01/_manifest.json")
    assert is_hidden("landing/events/dt=2024-03-01/.tmp-123-a.ndjson")
    assert not is_hidden("landing/events/dt=2024-03-01/a.txt")


BATCH = (
    b'{\n  "batch": [\n'
    b'    {"messageId": "b1", "type": "page", "anonymousId": "a1",'
    b' "timestamp": "2024-03-01T10:00:00Z"},\n'
    b'    {"messageId": "b2", "type": "page", "anonymousId": "a2",'
    b' "timestamp": "2024-03-01T10:00:01Z", "sentAt": "2024-03-01T10:00:02Z"},\n'
    b'    {"messageId": "b3", "type": "page", "userId": 123456789012345678901234567890,'
    b' "timestamp": "2024-03-01T10:00:03Z"}\n'
    b'  ],\n  "sentAt": "2024-03-01T10:00:05Z",\n  "context": {"library": {"name": "x"}}\n}\n'
)


@pytest.mark.parametrize("compress", [lambda b: b, lambda b: gzip.compress(b, mtime=0)])
def test_a_segment_batch_file_gives_its_calls_with_the_batch_sent_at(flywheel_env, compress):
    name = "batch.json" if compress(b"") == b"" else "batch.json.gz"
    rows, fault = read(flywheel_env, put(flywheel_env, name, compress(BATCH)))
    assert fault is None
    assert [line for line, _ in rows] == [1, 2, 3]  # a call's line: its place in the batch
    assert [r["sentAt"] for _, r in rows] == [
        "2024-03-01T10:00:05Z",  # the batch's
        "2024-03-01T10:00:02Z",  # its own
        "2024-03-01T10:00:05Z",
    ]
    assert str(rows[2][1]["userId"]) == "123456789012345678901234567890"


def test_a_batch_without_sent_at_gives_its_calls_as_they_are(flywheel_env):
    data = b'{"batch": [{"messageId": "c1"}, {"messageId": "c2"}]}'
    rows, fault = read(flywheel_env, put(flywheel_env, "nosent.json", data))
    assert (rows, fault) == ([(1, {"messageId": "c1"}), (2, {"messageId": "c2"})], None)


@pytest.mark.parametrize(
    ("data", "detail"),
    [
        (b'[\n{"messageId": "x"},\n{"messageId": "y"}\n]\n', "found a JSON array"),
        (b'{\n"events": [\n{"messageId": "x"}\n]\n}\n', "without a batch key"),
        (b'{"batch": {"messageId": "x"}}', "not a list of calls"),
        (b'{"batch": [], "batch": [{"messageId": "x"}]}', 'the key "batch" twice'),
        (b'{\n  "batch": [\n    {"messageId": "x",}\n  ]\n}\n', "not valid JSON"),
    ],
)
def test_a_json_file_of_another_shape_is_one_clear_record(flywheel_env, data, detail):
    key = put(flywheel_env, "other.json", data)
    obj = next(f for f in flywheel_env.lake.list_files(key.rsplit("/", 1)[0]) if f.key == key)
    items = list(
        read_landing_file(
            flywheel_env.lake, obj, mapping=MAPPING, limits=Limits(200, 4), batch_rows=2
        )
    )
    [fault] = items
    assert str(fault.reason) == "unsupported_shape"
    assert detail in fault.detail
    assert 'a Segment batch object {"batch": [...]}' in fault.detail  # the shapes expected


def test_a_json_file_of_ndjson_lines_is_read_line_by_line(flywheel_env):
    key = put(flywheel_env, "lines.json", b'{"a": 1}\n{"a": 2}\n')
    assert read(flywheel_env, key) == ([(1, {"a": 1}), (2, {"a": 2})], None)
