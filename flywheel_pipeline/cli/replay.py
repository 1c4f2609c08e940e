"""``flywheel replay``: a tabular dataset into landing, as a collector would drop it."""

from __future__ import annotations

import argparse
from pathlib import Path

from flywheel_pipeline.lake.layout import EVENTS_SOURCE, LANDING, source_prefix
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.replay.replay import ReplayPlan, replay_csv
from flywheel_pipeline.settings import Settings


def register(sub) -> None:
    parser = sub.add_parser("replay", help="import a dataset file into landing as a replay")
    parser.add_argument("file", help="CSV file (optionally .gz)")
    parser.add_argument("--plan", required=True, help="replay YAML: dataset name + column mapping")
    parser.add_argument("--source", default=EVENTS_SOURCE)
    parser.add_argument(
        "--late-share",
        type=float,
        default=0.05,
        help="share of events that arrive 1 h to --max-late-hours late",
    )
    parser.add_argument("--max-late-hours", type=float, default=72.0)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lake = Lake.from_settings(Settings.from_env())
    plan = ReplayPlan.load(
        Path(args.plan), late_share=args.late_share, max_late_hours=args.max_late_hours
    )
    result = replay_csv(lake, Path(args.file), plan, source=args.source)
    print(
        f"replayed {result.rows} rows of {args.file} ({result.late_rows} late) into "
        f"{source_prefix(LANDING, args.source)}/ for arrival days "
        f"{result.first_day}..{result.last_day}: "
        f"{result.files_written} files written, {result.files_unchanged} already there"
    )
    return 0
