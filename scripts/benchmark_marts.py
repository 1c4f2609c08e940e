"""The marts benchmark: dbt on DuckDB over a synthetic stream (default 10 million
events over 180 days), against a hand-written DuckDB query as the floor.

    python scripts/benchmark_marts.py [--users 25000] [--days 180] [--events-per-user 400]
                                      [--late-share 0.05] [--seed 42]

Prints (wall clock, one run each; numbers, not a pass/fail test):
  1. the full build: every partition in one `dbt build` (models and tests), as a
     first backfill runs it, and the peak memory (max RSS) of that dbt process;
  2. one daily incremental run (`dbt build` for one arrival day) at day 30 and at
     day 180, each after the earlier days were built: the daily cost should not
     grow with history;
  3. the floor: DAU per date and D7 by one DuckDB query over the raw parquet
     (scripts/sql/floor_dau_d7.sql), and whether the marts give the same numbers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import subprocess
import tempfile
import time
from pathlib import Path

import duckdb

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.lake.layout import EVENTS_SOURCE, RAW, raw_prefix, source_prefix
from flywheel_pipeline.lake.partition import write_version
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.settings import DBT_PROJECT_DIR, Settings, child_env
from flywheel_pipeline.transform.commands import build_args
from flywheel_pipeline.transform.runner import dbt_command, warehouse_env
from flywheel_pipeline.warehouse.duckdb import DuckDBWarehouse
from scripts.synthetic_events import SyntheticParams, generate

FLOOR_SQL = Path(__file__).parent / "sql" / "floor_dau_d7.sql"


def write_raw(lake: Lake, params: SyntheticParams) -> list[dt.date]:
    """Every arrival day of the stream as a committed raw partition."""
    days = []
    for day, table in generate(params):
        write_version(lake, raw_prefix(EVENTS_SOURCE, day), table, "synthetic")
        days.append(day)
    return days


def dbt_build(settings: Settings, config: ProductConfig, window: tuple[dt.date, dt.date]):
    """One `dbt build` for an arrival-day window: (seconds, peak RSS in MB of the dbt process)."""
    # dbt's artefacts beside the benchmark's warehouse, not in dbt_project/target
    work = settings.warehouse.duckdb_path.parent
    args = dbt_command(settings, [*build_args(config, window), "--quiet"])
    args += ["--target-path", str(work / "dbt-target"), "--log-path", str(work / "dbt-logs")]
    env = child_env(warehouse_env(settings))
    started = time.perf_counter()
    proc = subprocess.Popen(args, env=env, cwd=DBT_PROJECT_DIR)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"dbt build failed for window {window}")
    return seconds, usage.ru_maxrss / 1024


def slowest_nodes(settings: Settings, count: int = 8) -> str:
    """The dbt nodes (models and tests) that took longest in the last build."""
    results = json.loads(
        (settings.warehouse.duckdb_path.parent / "dbt-target" / "run_results.json").read_text()
    )
    timed = sorted(
        ((r["execution_time"], r["unique_id"].split(".", 2)[-1]) for r in results["results"]),
        reverse=True,
    )
    total = sum(t for t, _ in timed)
    top = ", ".join(f"{name} {t:.1f}" for t, name in timed[:count])
    return f"    node seconds (sum {total:.1f} s over {len(timed)} nodes): {top}"


def load(warehouse_path: Path, lake: Lake, days: list[dt.date]) -> float:
    started = time.perf_counter()
    warehouse = DuckDBWarehouse(warehouse_path)
    try:
        for day in days:
            warehouse.load_raw_partition(lake, EVENTS_SOURCE, day)
    finally:
        warehouse.close()
    return time.perf_counter() - started


def settings_for(root: Path, name: str) -> Settings:
    return Settings.from_env(
        {
            "FLYWHEEL_LAKE_URL": (root / "lake").as_uri(),
            "FLYWHEEL_DUCKDB_PATH": str(root / f"{name}.duckdb"),
        }
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=25_000)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--events-per-user", type=int, default=400)
    parser.add_argument("--late-share", type=float, default=0.05)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--daily-only", action="store_true", help="skip the full build and the floor"
    )
    args = parser.parse_args()
    params = SyntheticParams(
        args.users, args.days, args.events_per_user, args.late_share, args.seed
    )
    config = ProductConfig.load(Settings.from_env().config_dir)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB RAM, "
        f"Python {platform.python_version()}, DuckDB {duckdb.__version__}"
    )
    print(
        f"stream: {params.total_events:,} events, {params.users:,} users, {params.days} days, "
        f"{params.late_share:.0%} late (seed {params.seed})",
        flush=True,
    )
    with tempfile.TemporaryDirectory(prefix="flywheel-bench-marts-") as tmp:
        root = Path(tmp)
        lake = Lake.from_url((root / "lake").as_uri())
        started = time.perf_counter()
        days = write_raw(lake, params)
        elapsed = time.perf_counter() - started
        print(f"generate + write raw: {len(days)} arrival days in {elapsed:.1f} s")

        # 1. full build, as the first backfill of every partition
        full = settings_for(root, "full")
        if not args.daily_only:
            loaded = load(full.warehouse.duckdb_path, lake, days)
            print(f"load all partitions into DuckDB: {loaded:.1f} s")
            seconds, rss = dbt_build(full, config, (days[0], days[-1]))
            print(f"FULL BUILD ({len(days)} arrival days): {seconds:.1f} s, peak RSS {rss:.0f} MB")
            print(slowest_nodes(full))

        # 2. daily incremental runs at day 30 and day 180
        inc = settings_for(root, "incremental")
        built = 0
        # 1-based arrival days of the measured daily runs (a short stream: its last day)
        for target in sorted({min(30, args.days), args.days}):
            load(inc.warehouse.duckdb_path, lake, days[built : target - 1])
            catch_up, _ = dbt_build(inc, config, (days[built], days[target - 2]))
            print(f"  (catch-up build of arrival days {built + 1}..{target - 1}: {catch_up:.1f} s)")
            load(inc.warehouse.duckdb_path, lake, [days[target - 1]])
            seconds, rss = dbt_build(inc, config, (days[target - 1], days[target - 1]))
            print(
                f"DAILY RUN at day {target} ({days[target - 1]}): {seconds:.1f} s, "
                f"peak RSS {rss:.0f} MB",
                flush=True,
            )
            print(slowest_nodes(inc), flush=True)
            built = target

        # 3. the floor: one DuckDB query over the raw parquet
        if args.daily_only:
            return
        with duckdb.connect(str(full.warehouse.duckdb_path), read_only=True) as con:
            [(last_complete,)] = con.sql(
                "select cast(max(arrival_date) - 1 as date) from staging.stg_events"
            ).fetchall()
            [(marts_dates, marts_dau)] = con.sql(
                "select count(*), sum(dau) from marts.metrics_daily"
                f" where metric_date <= date '{last_complete}'"
            ).fetchall()
            [(marts_d7,)] = con.sql(
                "select d7_retention from marts.retention_summary where range_type = 'all'"
            ).fetchall()
        sql = FLOOR_SQL.read_text().format(
            raw_glob=f"{root}/lake/{source_prefix(RAW, EVENTS_SOURCE)}/*/*.parquet",
            inactive_events=", ".join(f"'{e}'" for e in config.tracking_plan.inactive_events),
            last_complete_date=last_complete,
        )
        started = time.perf_counter()
        [(dates, dau_sum, d7)] = duckdb.sql(sql).fetchall()
        floor = time.perf_counter() - started
        print(f"FLOOR (DAU per date + D7, one DuckDB query over raw parquet): {floor:.2f} s")
        same = (dates, dau_sum) == (marts_dates, marts_dau) and abs(d7 - marts_d7) < 1e-12
        verdict = "same" if same else "DIFFERENT"
        print(
            f"  floor: {dates} dates, sum of DAU {dau_sum:,}, D7 {d7:.4f}; marts: {marts_dates} "
            f"dates, sum of DAU {marts_dau:,}, D7 {marts_d7:.4f} -> {verdict}"
        )


if __name__ == "__main__":
    main()
