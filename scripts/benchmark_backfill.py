"""Dagster's own bookkeeping in a team's first run: a single-run backfill of
730 arrival days (two years of history) through every asset, as
`dagster asset materialize --partition-range` launches it.

    python -m scripts.benchmark_backfill [--days 730] [--events-per-day 20]
                                         [--planned-events-per-partition]
    python -m scripts.benchmark_backfill --report-home .dagster_home   # the last run there

Prints (numbers, not a pass/fail test), from the run's event log:
  - launch to first step and last step to run end: Dagster's bookkeeping
    outside the steps (target: under 60 s for 730 days on this machine);
  - the time of each step and the whole run;
  - the event-log records the run wrote, by type.
`--planned-events-per-partition` runs without Dagster's
DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS (one planned event per asset and
partition: Dagster's default, and what Flywheel did before).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from dagster import DagsterInstance
from dagster._core.instance.ref import InstanceRef

from flywheel_pipeline.cli.demo import materialize_command
from flywheel_pipeline.lake.layout import EVENTS_SOURCE, landing_prefix
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.settings import DAGSTER_ENV, PROJECT_ROOT, child_env

EVENTS = ("home", "catalog", "product_view", "add_to_cart", "search")
LOCAL_INSTANCE = PROJECT_ROOT / "deploy" / "local" / "dagster.yaml"
FIRST_DAY = dt.date(2023, 1, 1)


def land(lake: Lake, days: int, per_day: int) -> list[str]:
    """``per_day`` events of 50 users on each of ``days`` arrival days, one file a day."""
    keys = []
    for offset in range(days):
        day = FIRST_DAY + dt.timedelta(days=offset)
        rows = []
        for n in range(per_day):
            ts = dt.datetime.combine(day, dt.time(8)) + dt.timedelta(minutes=7 * n)
            rows.append(
                json.dumps(
                    {
                        "message_id": f"{day}-{n}",
                        "type": "track",
                        "event": EVENTS[n % len(EVENTS)],
                        "user_id": f"u{(offset * 7 + n) % 50}",
                        "timestamp": ts.isoformat() + "Z",
                        "received_at": (ts + dt.timedelta(seconds=2)).isoformat() + "Z",
                    }
                )
            )
        key = f"{landing_prefix(EVENTS_SOURCE, day)}/bench.ndjson"
        lake.write_bytes_atomic(key, ("\n".join(rows) + "\n").encode())
        keys.append(key)
    return keys


def run_stats(home: Path) -> dict:
    """Bookkeeping, step times and records of the latest run in the Dagster home ``home``."""
    with DagsterInstance.from_ref(InstanceRef.from_dir(str(home))) as instance:
        [run] = instance.get_runs(limit=1)
        logs = instance.all_logs(run.run_id)
    kinds = Counter(e.dagster_event.event_type_value for e in logs if e.dagster_event)
    steps = [
        e for e in logs if e.dagster_event and e.dagster_event.event_type_value.startswith("STEP_")
    ]
    starts = {e.step_key: e.timestamp for e in steps if e.dagster_event_type.value == "STEP_START"}
    ends = {e.step_key: e.timestamp for e in steps if e.dagster_event_type.value == "STEP_SUCCESS"}
    first_step, last_step = min(starts.values()), max(ends.values())
    before = [e for e in logs if e.timestamp <= first_step]
    gaps = sorted(
        (
            (
                b.timestamp - a.timestamp,
                a.dagster_event_type.value if a.dagster_event else "log",
                b.dagster_event_type.value if b.dagster_event else (b.user_message or "")[:60],
            )
            for a, b in zip(before, before[1:], strict=False)
        ),
        reverse=True,
    )[:6]
    return {
        "gaps_before_first_step": gaps,
        "status": run.status.value,
        "launch_to_first_step": first_step - logs[0].timestamp,
        "last_step_to_end": logs[-1].timestamp - last_step,
        "run": logs[-1].timestamp - logs[0].timestamp,
        "steps": {key: ends.get(key, 0) - start for key, start in starts.items()},
        "records": len(logs),
        "by_type": dict(kinds.most_common()),
    }


def report(stats: dict, label: str) -> None:
    bookkeeping = stats["launch_to_first_step"] + stats["last_step_to_end"]
    print(f"{label}: run {stats['status']} in {stats['run']:.1f} s")
    print(
        f"  Dagster bookkeeping outside the steps: {bookkeeping:.1f} s"
        f" (launch to first step {stats['launch_to_first_step']:.1f} s,"
        f" last step to run end {stats['last_step_to_end']:.1f} s)"
    )
    for seconds, after, before in stats["gaps_before_first_step"]:
        print(f"    {seconds:.1f} s between {after} and {before}")
    for step, seconds in sorted(stats["steps"].items(), key=lambda item: -item[1]):
        print(f"  step {step}: {seconds:.1f} s")
    print(f"  event-log records: {stats['records']:,}")
    for kind, count in stats["by_type"].items():
        if count >= 10:
            print(f"    {kind}: {count:,}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--events-per-day", type=int, default=20)
    parser.add_argument("--planned-events-per-partition", action="store_true")
    parser.add_argument("--report-home", type=Path, help="only report the last run of this home")
    args = parser.parse_args()
    if args.report_home:
        report(run_stats(args.report_home), f"last run in {args.report_home}")
        return 0

    with tempfile.TemporaryDirectory(prefix="flywheel-bench-backfill-") as tmp:
        root = Path(tmp)
        home = root / "dagster_home"
        home.mkdir()
        shutil.copy(LOCAL_INSTANCE, home / "dagster.yaml")
        lake_url = (root / "lake").as_uri()
        land(Lake.from_url(lake_url), args.days, args.events_per_day)
        last = FIRST_DAY + dt.timedelta(days=args.days - 1)
        env = child_env(
            {
                "DAGSTER_HOME": str(home),
                "FLYWHEEL_LAKE_URL": lake_url,
                "FLYWHEEL_DUCKDB_PATH": str(root / "warehouse" / "flywheel.duckdb"),
                "FLYWHEEL_START_DATE": FIRST_DAY.isoformat(),
            }
        )
        if args.planned_events_per_partition:
            for name in DAGSTER_ENV:
                env.pop(name, None)
        planned = "per partition" if args.planned_events_per_partition else "per asset"
        print(
            f"{args.days} arrival days ({FIRST_DAY}..{last}), {args.events_per_day} events a day;"
            f" planned events {planned}",
            flush=True,
        )
        started = time.perf_counter()
        done = subprocess.run(
            materialize_command(FIRST_DAY.isoformat(), last.isoformat()),
            cwd=PROJECT_ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - started
        if done.returncode != 0:
            print(done.stdout[-3000:], done.stderr[-3000:], sep="\n")
            return 1
        print(f"dagster asset materialize: {wall:.1f} s wall clock (process start to exit)")
        report(run_stats(home), f"{args.days}-day backfill")
    return 0


if __name__ == "__main__":
    sys.exit(main())
