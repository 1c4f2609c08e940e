"""``flywheel`` command line: replay a dataset into landing, run the demo, print the summary.

    flywheel replay FILE --plan PLAN.yml [--source events] [--late-share 0.05]
    flywheel summary
    flywheel demo        # DuckDB + local lake (the defaults)
    flywheel prodlike    # the demo on real PostgreSQL + S3 (SeaweedFS) servers it starts

Exit status 0 on success, 1 on a pipeline failure, 2 on bad arguments.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from flywheel_pipeline.ingest.layout import EVENTS_SOURCE
from flywheel_pipeline.settings import PROJECT_ROOT, get_settings

SAMPLE = PROJECT_ROOT / "data" / "samples" / "ecom" / "ecom.csv.gz"
SAMPLE_PLAN = PROJECT_ROOT / "data" / "samples" / "ecom" / "replay.yml"
LOCAL_INSTANCE = PROJECT_ROOT / "deploy" / "local" / "dagster.yaml"


def _lake():
    from flywheel_pipeline.lake.storage import Lake

    return Lake.from_settings(get_settings())


def cmd_replay(args: argparse.Namespace) -> int:
    from flywheel_pipeline.replay.replay import ReplayPlan, replay_csv

    plan = ReplayPlan.load(
        Path(args.plan), late_share=args.late_share, max_late_hours=args.max_late_hours
    )
    result = replay_csv(_lake(), Path(args.file), plan, source=args.source)
    print(
        f"replayed {result.rows} rows of {args.file} ({result.late_rows} late) into "
        f"landing/{args.source}/ for arrival days {result.first_day}..{result.last_day}: "
        f"{result.files_written} files written, {result.files_unchanged} already there"
    )
    return 0


def cmd_summary(_: argparse.Namespace) -> int:
    from flywheel_pipeline.summary import summarize
    from flywheel_pipeline.warehouse import open_warehouse

    warehouse = open_warehouse(get_settings(), read_only=True)
    try:
        print(summarize(_lake(), warehouse).render())
    finally:
        warehouse.close()
    return 0


def _dagster_home() -> Path:
    home = Path(os.environ.setdefault("DAGSTER_HOME", str(PROJECT_ROOT / ".dagster_home")))
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copy(LOCAL_INSTANCE, home / "dagster.yaml")
    return home


def cmd_demo(_: argparse.Namespace) -> int:
    """Replay the sample, materialize every arrival day through Dagster, summarize."""
    from flywheel_pipeline.replay.replay import ReplayPlan, replay_csv

    started = time.monotonic()
    home = _dagster_home()
    result = replay_csv(_lake(), SAMPLE, ReplayPlan.load(SAMPLE_PLAN))
    print(
        f"[demo] replayed {result.rows} sample events into landing "
        f"({result.files_written} new files) for {result.first_day}..{result.last_day}"
    )
    # Every partition from the first (FLYWHEEL_START_DATE) to the last arrival day
    # of the replay. Later days have no data yet; materializing them would only
    # add ~20 Dagster events per empty day.
    from flywheel_pipeline.defs.partitions import arrival_day_partitions

    first = arrival_day_partitions.get_first_partition_key()
    last = result.last_day
    bin_dir = str(Path(sys.executable).parent)
    env = {**os.environ, "PATH": bin_dir + os.pathsep + os.environ.get("PATH", "")}
    steps = [
        [
            "dagster-dbt",
            "project",
            "prepare-and-package",
            "--file",
            str(PROJECT_ROOT / "flywheel_pipeline" / "defs" / "dbt" / "project.py"),
        ],
        [
            "dagster",
            "asset",
            "materialize",
            "-m",
            "flywheel_pipeline.definitions",
            "--select",
            "*",
            "--partition-range",
            f"{first}...{last}",
        ],
    ]
    for step in steps:
        print(f"[demo] {' '.join(step)}", flush=True)
        done = subprocess.run(step, cwd=PROJECT_ROOT, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stdout[-5000:], done.stderr[-5000:], sep="\n", file=sys.stderr)
            print(f"[demo] failed: {' '.join(step)}", file=sys.stderr)
            return 1
    print(
        f"[demo] materialized every partition ({first}..{last}) into DAGSTER_HOME={home} "
        f"in {time.monotonic() - started:.0f}s\n"
    )
    return cmd_summary(_)


def cmd_prodlike(args: argparse.Namespace) -> int:
    """Start PostgreSQL and an S3 server here, run the demo against them, stop them.

    Everything lives under ``data/prodlike/`` and is replaced on each run.
    """
    from flywheel_pipeline.devservers.postgres import postgres_server
    from flywheel_pipeline.devservers.seaweedfs import ACCESS_KEY, BUCKET, SECRET_KEY, seaweedfs
    from flywheel_pipeline.settings import get_settings as settings_cache

    work = PROJECT_ROOT / "data" / "prodlike"
    shutil.rmtree(work, ignore_errors=True)
    with postgres_server(work / "postgres") as pg, seaweedfs(work / "seaweedfs") as endpoint:
        print(f"[prodlike] PostgreSQL at {pg['PGHOST']}, S3 API at {endpoint}", flush=True)
        os.environ.update(
            pg,
            FLYWHEEL_DBT_TARGET="postgres",
            FLYWHEEL_LAKE_URL=f"s3://{BUCKET}/lake",
            FLYWHEEL_S3_ENDPOINT=endpoint,
            AWS_ACCESS_KEY_ID=ACCESS_KEY,
            AWS_SECRET_ACCESS_KEY=SECRET_KEY,
            AWS_EC2_METADATA_DISABLED="true",
            DAGSTER_HOME=str(work / "dagster_home"),
        )
        settings_cache.cache_clear()
        return cmd_demo(args)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="flywheel", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    replay = sub.add_parser("replay", help="import a dataset file into landing as a replay")
    replay.add_argument("file", help="CSV file (optionally .gz)")
    replay.add_argument("--plan", required=True, help="replay YAML: dataset name + column mapping")
    replay.add_argument("--source", default=EVENTS_SOURCE)
    replay.add_argument(
        "--late-share",
        type=float,
        default=0.05,
        help="share of events that arrive 1 h to --max-late-hours late",
    )
    replay.add_argument("--max-late-hours", type=float, default=72.0)
    replay.set_defaults(func=cmd_replay)
    sub.add_parser("summary", help="rows per layer and DAU/WAU/MAU").set_defaults(func=cmd_summary)
    sub.add_parser("demo", help="replay the sample and run every partition").set_defaults(
        func=cmd_demo
    )
    sub.add_parser(
        "prodlike", help="the demo on PostgreSQL + S3 servers started (and stopped) here"
    ).set_defaults(func=cmd_prodlike)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
