"""Compression bombs: memory stays bounded whatever a landing file inflates to.

Each bomb is a small compressed file (sixteen copies of one compressed member
of 64 MiB of ``x``: the gzip and bzip2 tools and zstd read concatenated
members as one stream) that inflates to 1 GiB with no line break. The raw
step runs in its own process; its maximum resident set must stay under
PEAK_RSS_BOUND_MB, a bound that does not depend on the inflated size (it is
the 64 MB read chunk of the NDJSON reader, the 32 KB row limit and the
process's own libraries, with room for the allocator), while the good file
beside the bombs lands whole and each bomb is one oversized row naming the
bytes it skipped. The peak is the process's VmHWM (/proc/self/status):
``ru_maxrss`` keeps the high-water mark of the process it was forked from.
"""

from __future__ import annotations

import bz2
import datetime as dt
import json
import subprocess
import sys
import zlib

import orjson
import pyarrow.parquet as pq
import pytest
import zstandard

from flywheel_pipeline.lake.layout import landing_prefix

DAY = dt.date(2024, 3, 1)
MEMBER = 64 << 20
INFLATED = 16 * MEMBER  # 1 GiB
PEAK_RSS_BOUND_MB = 600

RAW_STEP = """
import datetime as dt, json, sys
from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.ingest.raw_partition import build_raw_partition
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.settings import PROJECT_ROOT
config = ProductConfig.load(PROJECT_ROOT / "config")
result = build_raw_partition(Lake.from_url(sys.argv[1]), "events",
    dt.date(2024, 3, 1), config, b"bomb-test-key-of-32-bytes-or-more", 10_000)
# VmHWM: this process's own peak (ru_maxrss would include the forking parent's)
peak_kb = next(int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:"))
print(json.dumps({"written": result.rows_written, "quarantined": result.rows_quarantined,
    "rss_mb": peak_kb / 1024}))
"""


def _member(codec: str, data: bytes = b"x" * MEMBER) -> bytes:
    if codec == "gzip":
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        return packer.compress(data) + packer.flush()
    if codec == "bz2":
        return bz2.compress(data, 9)
    return zstandard.ZstdCompressor(level=19).compress(data)


SUFFIX = {"gzip": ".gz", "bz2": ".bz2", "zstd": ".zst"}


def _good_events(count: int) -> bytes:
    return b"".join(
        orjson.dumps(
            {
                "messageId": f"good-{n}",
                "type": "page",
                "anonymousId": f"anon-{n}",
                "timestamp": "2024-03-01T10:00:00Z",
            }
        )
        + b"\n"
        for n in range(count)
    )


CSV_HEADER = b"message_id,type,anonymous_id,timestamp\n"
CSV_AFTER = b"\ncsv-after,page,anon-csv,2024-03-01T11:00:00Z\n"


@pytest.mark.parametrize(
    ("fmt", "codec"), [("ndjson", "gzip"), ("ndjson", "zstd"), ("ndjson", "bz2"), ("csv", "gzip")]
)
def test_a_bomb_inflating_to_1_gib_without_a_line_break_keeps_memory_bounded(
    fmt, codec, flywheel_env, tmp_path
):
    lake = flywheel_env.lake
    prefix = landing_prefix("events", DAY)
    bomb = _member(codec) * (INFLATED // MEMBER)
    if fmt == "csv":  # the header, the 1 GiB row, and a good row after it
        bomb = _member(codec, CSV_HEADER) + bomb + _member(codec, CSV_AFTER)
    assert len(bomb) < 2 << 20  # a small file ...
    lake.write_bytes_atomic(f"{prefix}/bomb.{fmt}{SUFFIX[codec]}", bomb)
    lake.write_bytes_atomic(f"{prefix}/good.ndjson", _good_events(50))

    done = subprocess.run(
        [sys.executable, "-c", RAW_STEP, lake.url],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["rss_mb"] < PEAK_RSS_BOUND_MB, result
    assert result["written"] == 50 + (fmt == "csv")
    assert result["quarantined"] == 1

    quarantine = pq.read_table(lake.path("quarantine/events")).to_pylist()
    [record] = quarantine
    assert record["reason"] == "oversized_row"
    assert record["_source_line"] == 1
    assert f"row is {INFLATED} bytes" in record["message"]  # ... inflating to 1 GiB, skipped
