"""A corpus of hostile landing files for one arrival day (docs/quarantine.md).

Each :class:`Case` is one landing object with what must become of it: the
message_ids that land in raw, the (line, reason) of every quarantined row, and
whether the object as a whole is rejected (with the line where reading
stopped). ``generated_cases`` adds deterministic mutations of a good line
(bytes flipped, cut, duplicated), whose rows are only required to be
accounted for.
"""

from __future__ import annotations

import bz2
import gzip
import io
import json
import random
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

DAY = "2024-03-01"
PREFIX = f"landing/events/dt={DAY}"


def good(mid: str, **extra) -> dict:
    """A valid track event of the corpus day."""
    row = {
        "messageId": mid,
        "type": "track",
        "event": "home",
        "userId": f"user-{mid}",
        "timestamp": f"{DAY}T10:00:00.000Z",
        "sentAt": f"{DAY}T10:00:01.000Z",
        "receivedAt": f"{DAY}T10:00:02.000Z",
    }
    row.update(extra)
    return row


def line(row) -> bytes:
    return json.dumps(row).encode() if not isinstance(row, bytes) else row


def ndjson(*rows) -> bytes:
    return b"\n".join(line(r) for r in rows) + b"\n"


@dataclass
class Case:
    """One landing object and its expected outcome."""

    name: str
    data: bytes | None  # None: a symlink to a host file (local lake only)
    landed: set[str] = field(default_factory=set)
    quarantined: list[tuple[int, str]] = field(default_factory=list)
    file_fault: tuple[int, str] | None = None  # (first line not read, reason)
    duplicates: int = 0
    exact: bool = True  # False: only the accounting is checked

    @property
    def key(self) -> str:
        return f"{PREFIX}/{self.name}"


def _parquet(table: pa.Table) -> bytes:
    sink = io.BytesIO()
    pq.write_table(table, sink)
    return sink.getvalue()


def _many(prefix: str, n: int) -> bytes:
    return ndjson(*(good(f"{prefix}{i:03d}") for i in range(n)))


def hand_made_cases() -> list[Case]:
    """The cases of issue 9 and our own, each with its outcome worked out by hand."""
    big = _many("gz", 400)
    gz = gzip.compress(big, mtime=0)
    bz = bz2.compress(_many("bz", 400))
    zs = zstandard.ZstdCompressor().compress(_many("zs", 4000))  # several 128 kB blocks
    zs_cut = zstandard.ZstdCompressor().compress(_many("zc", 4000))
    parquet = _parquet(
        pa.table(
            {
                "message_id": ["pq1", "pq2", "pq3"],
                "type": ["track"] * 3,
                "event": ["home"] * 3,
                "user_id": ["u1", "u2", "u3"],
                "timestamp": [f"{DAY}T10:00:00Z"] * 3,
                "price": [1.0, float("nan"), 2.0],
            }
        )
    )
    header = b"message_id,type,event,user_id,timestamp,received_at\n"
    csv_row = b"%s,track,home,u1,2024-03-01T10:00:00Z,2024-03-01T10:00:05Z\n"
    deep = b'{"messageId": "deep", "properties": ' + b'{"a": ' * 1000 + b"1" + b"}" * 1001
    return [
        # ---- whole files -------------------------------------------------
        Case("ok-plain.ndjson", ndjson(good("ok1"), good("ok2")), {"ok1", "ok2"}),
        Case("ok.ndjson.bz2", bz, {f"bz{i:03d}" for i in range(400)}),
        Case("ok.ndjson.zst", zs, {f"zs{i:03d}" for i in range(4000)}),
        Case("ok.csv.gz", gzip.compress(header + csv_row % b"csv1", mtime=0), {"csv1"}),
        Case("truncated.ndjson.gz", gz[: len(gz) // 2], exact=False),
        Case("garbage.ndjson.gz", b"\x1f\x8bnot really gzip", file_fault=(1, "unreadable_file")),
        Case("truncated.ndjson.bz2", bz[: len(bz) // 2], exact=False),
        Case("truncated.ndjson.zst", zs_cut[: len(zs_cut) // 2], exact=False),
        Case("truncated.parquet", parquet[:-40], file_fault=(1, "unreadable_file")),
        Case("garbage.parquet", b"PAR1 but nothing else", file_fault=(1, "unreadable_file")),
        Case("notes.txt", b"hello\n", file_fault=(0, "unsupported_format")),
        Case("dump.sql", b"select 1;\n", file_fault=(0, "unsupported_format")),
        Case("link.ndjson", None, file_fault=(0, "not_a_regular_file")),
        Case("empty.ndjson", b""),
        Case("blank.ndjson", b"\n\n  \n\r\n"),
        Case("nan.parquet", parquet, {"pq1", "pq3"}, [(2, "unstorable_value")]),
        # ---- CSV ----------------------------------------------------------
        Case(
            "fields.csv",
            header
            + csv_row % b"c1"
            + b"c2,track,home,u1,2024-03-01T10:00:00Z,x,one-too-many\n"
            + csv_row % b"c3",
            {"c1", "c3"},
            [(2, "invalid_csv_row")],
        ),
        Case(
            "latin1.csv",
            header + csv_row % b"l1" + (csv_row % b"l2").replace(b"home", b"caf\xe9"),
            {"l1"},
            [(2, "invalid_encoding")],
        ),
        Case("bom.csv", b"\xef\xbb\xbf" + header + csv_row % b"bom2", {"bom2"}),
        # ---- encodings and values ----------------------------------------
        Case("bom.ndjson", b"\xef\xbb\xbf" + ndjson(good("bom1")), {"bom1"}),
        Case(
            "latin1.ndjson",
            ndjson(good("lat1"), b'{"messageId": "lat2", "event": "caf\xe9"}'),
            {"lat1"},
            [(2, "invalid_encoding")],
        ),
        Case(
            "surrogate.ndjson",
            ndjson(b'{"messageId": "s1", "x": "\\ud800"}'),
            set(),
            [(1, "unstorable_value")],
        ),
        Case(
            "nul.ndjson",
            ndjson(good("n1", properties={"x": "a\u0000b"})),
            set(),
            [(1, "unstorable_value")],
        ),
        Case(
            "nan.ndjson",
            ndjson(b'{"messageId": "nan1", "properties": {"x": NaN}}'),
            set(),
            [(1, "unstorable_value")],
        ),
        Case(
            "inf.ndjson",
            ndjson(b'{"messageId": "inf1", "properties": {"x": -Infinity}}'),
            set(),
            [(1, "unstorable_value")],
        ),
        Case(
            "huge.ndjson",
            ndjson(b'{"messageId": "h1", "properties": {"x": 1e999}}'),
            set(),
            [(1, "unstorable_value")],
        ),
        Case("deep.ndjson", ndjson(good("d0"), deep), {"d0"}, [(2, "too_deep")]),
        Case("emoji.ndjson", ndjson(good("emo", properties={"q": "\U0001f600 \u00e9"})), {"emo"}),
        Case("control.ndjson", ndjson(good("ctl", properties={"q": "a\u0001b"})), {"ctl"}),
        Case("crlf.ndjson", ndjson(good("cr1")).replace(b"\n", b"\r\n"), {"cr1"}),
        Case("nonewline.ndjson", line(good("nn1")), {"nn1"}),
        # ---- time ----------------------------------------------------------
        Case(
            "y9999.ndjson",
            ndjson(good("t1", timestamp="9999-12-31T23:00:00-05:00")),
            set(),
            [(1, "invalid_timestamp")],
        ),
        Case(
            "y0.ndjson",
            ndjson(good("t2", timestamp="0001-01-01T00:30:00+01:00")),
            set(),
            [(1, "invalid_timestamp")],
        ),
        Case(
            "y1900.ndjson",
            ndjson(good("t3", timestamp="1900-01-01T00:00:00Z", sentAt=None)),
            set(),
            [(1, "implausible_time")],
        ),
        Case(
            "y2100.ndjson",
            ndjson(good("t4", timestamp="2100-01-01T00:00:00Z", sentAt=None)),
            set(),
            [(1, "implausible_time")],
        ),
        Case("nanos.ndjson", ndjson(good("t5", timestamp=f"{DAY}T10:00:00.123456789Z")), {"t5"}),
        Case(
            "numeric-ts.ndjson",
            ndjson(good("t6", timestamp=1709287200)),
            set(),
            [(1, "invalid_timestamp")],
        ),
        Case(
            "otherday.ndjson",
            ndjson(good("t7", receivedAt="2024-03-02T00:00:01Z")),
            set(),
            [(1, "outside_partition")],
        ),
        # ---- the contract ----------------------------------------------------
        Case(
            "array.ndjson",
            ndjson(b"[1, 2]", b'"just a string"'),
            set(),
            [(1, "not_an_object"), (2, "not_an_object")],
        ),
        Case(
            "broken.ndjson", ndjson(b'{"messageId": "b1", "type": '), set(), [(1, "invalid_json")]
        ),
        Case(
            "no-id.ndjson",
            ndjson(good(None), good({"an": "object"})),
            set(),
            [(1, "missing_field"), (2, "missing_field")],
        ),
        Case("type.ndjson", ndjson(good("ty1", type="tarck")), set(), [(1, "invalid_type")]),
        Case("anon.ndjson", ndjson(good("an1", userId=None)), set(), [(1, "missing_identity")]),
        Case(
            "event.ndjson",
            ndjson(good("ev1", event="teleported"), good("ev2", event=None)),
            set(),
            [(1, "unknown_event"), (2, "missing_event")],
        ),
        Case(
            "props.ndjson",
            ndjson(good("pr1", properties=[1]), good("pr2", properties="{x")),
            set(),
            [(1, "invalid_field"), (2, "invalid_field")],
        ),
        Case(
            "order.ndjson",
            ndjson(good("or1", event="order_completed")),
            set(),
            [(1, "missing_property")],
        ),
        Case(
            "oversized.ndjson",
            ndjson(good("big", properties={"x": "y" * 40_000})),
            set(),
            [(1, "oversized_row")],
        ),
        Case(
            "pii.ndjson",
            ndjson(good("pii1", properties={"note": "Ann@Example.com"}, context={"ip": "1.2.3.4"})),
            {"pii1"},
        ),
        Case("tenant.ndjson", ndjson(good("ten1", tenantId="acme")), {"ten1"}),
        Case("numeric-user.ndjson", ndjson(good("nu1", userId=12345)), {"nu1"}),
        Case(
            "dupes.ndjson", ndjson(good("dup1"), good("dup1"), good("ok1")), {"dup1"}, duplicates=2
        ),  # dup1 twice here, ok1 already in ok-plain.ndjson
    ]


def generated_cases(seed: int = 9, count: int = 20) -> list[Case]:
    """Deterministic mutations of good lines: bytes flipped, inserted, cut."""
    rng = random.Random(seed)
    cases = []
    for n in range(count):
        lines = []
        for i in range(5):
            data = bytearray(line(good(f"gen{n:02d}-{i}")))
            for _ in range(rng.randrange(0, 4)):
                at = rng.randrange(len(data))
                op = rng.choice(("flip", "insert", "cut"))
                if op == "flip":
                    data[at] = rng.randrange(256)
                elif op == "insert":
                    data[at:at] = bytes([rng.choice(b'{}[]",:\\\x00\xff\xc3')])
                else:
                    del data[at:]
            lines.append(bytes(data).replace(b"\n", b" "))
        cases.append(Case(f"gen-{n:02d}.ndjson", b"\n".join(lines) + b"\n", exact=False))
    return cases
