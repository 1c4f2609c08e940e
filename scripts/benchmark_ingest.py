"""Ingest throughput against pyarrow's plain read-and-write of the same file (issue 9).

One arrival day of Segment-style NDJSON (scripts/segment_events.py, default 1M
events) is, side by side and alternately, ``--runs`` times:

- **pyarrow**: read with ``pyarrow.json`` (multi-threaded, inferred schema) and
  written as zstd parquet - the floor of "read the file, write parquet";
- **flywheel**: the ``raw_events`` step for that day (``build_raw_partition``:
  parse, validate, dedup, hash and mask PII, write raw and quarantine, commit).

Each run is its own process, so its peak RSS is its own; imports happen before
the clock starts on both sides. Prints each run, the
medians (wall and CPU seconds, rows/s, peak RSS) and the throughput ratio
flywheel / pyarrow; docs/benchmarks.md records the numbers.

    python -m scripts.benchmark_ingest [--rows 1000000] [--runs 3] [--batch-rows 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from scripts.segment_events import write_ndjson

DAY = dt.date(2024, 3, 1)

PLAIN = """
import json, resource, sys, time
import pyarrow.json as pj, pyarrow.parquet as pq
source, target = sys.argv[1], sys.argv[2]
cpu, wall = time.process_time(), time.perf_counter()
reader = pj.open_json(source, read_options=pj.ReadOptions(block_size=1 << 24))
writer, rows = None, 0
for batch in reader:
    if writer is None:
        writer = pq.ParquetWriter(target, batch.schema, compression="zstd")
    writer.write_batch(batch)
    rows += batch.num_rows
writer.close()
print(json.dumps({"rows": rows, "wall": time.perf_counter() - wall,
    "cpu": time.process_time() - cpu,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

FLYWHEEL = """
import datetime as dt, json, resource, sys, time
import pandas  # DuckDB imports it at its first Arrow scan: imports stay off the clock
from pathlib import Path
from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.ingest.raw_partition import build_raw_partition
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.settings import PROJECT_ROOT
lake_root, batch_rows = sys.argv[1], int(sys.argv[2])
config = ProductConfig.load(PROJECT_ROOT / "config")
lake = Lake.from_url(Path(lake_root).as_uri())
cpu, wall = time.process_time(), time.perf_counter()
result = build_raw_partition(
    lake, "events", dt.date(2024, 3, 1), config, b"benchmark-key-of-32-bytes-or-more", batch_rows
)
print(json.dumps({"rows": result.rows_read, "written": result.rows_written,
    "quarantined": result.rows_quarantined, "wall": time.perf_counter() - wall,
    "cpu": time.process_time() - cpu,
    "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def run(code: str, *args: str) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", code, *args], capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def summary(name: str, runs: list[dict]) -> dict:
    wall = statistics.median(r["wall"] for r in runs)
    cpu = statistics.median(r["cpu"] for r in runs)
    rss = statistics.median(r["rss_mb"] for r in runs)
    rows = runs[0]["rows"]
    print(
        f"{name:9s} median wall {wall:7.1f} s  cpu {cpu:7.1f} s  {rows / wall:>10,.0f} rows/s"
        f"  peak RSS {rss:,.0f} MB"
    )
    return {"wall": wall, "rows_per_s": rows / wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--batch-rows", type=int, default=100_000)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="flywheel-bench-ingest-") as tmp:
        work = Path(tmp)
        source = work / "events.ndjson"
        print(f"writing {args.rows:,} Segment-style events ...", flush=True)
        write_ndjson(source, args.rows, DAY)
        print(f"{source.stat().st_size / 1e6:,.0f} MB of NDJSON, one arrival day", flush=True)
        lake = work / "lake"
        landing = lake / "landing" / "events" / f"dt={DAY}"
        landing.mkdir(parents=True)
        shutil.copy(source, landing / "events.ndjson")

        plain, flywheel = [], []
        for number in range(1, args.runs + 1):
            plain.append(run(PLAIN, str(source), str(work / "plain.parquet")))
            print(f"run {number}: pyarrow  {plain[-1]}", flush=True)
            flywheel.append(run(FLYWHEEL, str(lake), str(args.batch_rows)))
            print(f"run {number}: flywheel {flywheel[-1]}", flush=True)
        a, b = summary("pyarrow", plain), summary("flywheel", flywheel)
        print(
            f"throughput ratio flywheel / pyarrow: {b['rows_per_s'] / a['rows_per_s']:.3f}"
            " (target: at least 0.5)"
        )


if __name__ == "__main__":
    main()
