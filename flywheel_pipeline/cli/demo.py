"""``flywheel demo``: replay the bundled sample, materialize every arrival day
through Dagster in one run, and print the summary. Streams what is happening
(step, partition range, rows, elapsed time) as it goes; about 1.5 minutes here
(README)."""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import time
from collections import deque
from pathlib import Path

from flywheel_pipeline.cli import summary
from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.replay.replay import ReplayPlan, replay_csv
from flywheel_pipeline.settings import PROJECT_ROOT, Settings, child_env, dagster_home
from flywheel_pipeline.transform.commands import parse_args
from flywheel_pipeline.transform.runner import run_dbt

SAMPLE = PROJECT_ROOT / "data" / "samples" / "ecom" / "ecom.csv.gz"
SAMPLE_PLAN = PROJECT_ROOT / "data" / "samples" / "ecom" / "replay.yml"
LOCAL_INSTANCE = PROJECT_ROOT / "deploy" / "local" / "dagster.yaml"

# Dagster's console log: "<time> - dagster - <LEVEL> - <job> - <run> - <step> - <message>"
LOG_LINE = re.compile(r" - dagster - (?P<level>[A-Z]+) - [^ ]+ - [0-9a-f-]+ - (?P<rest>.*)$")
SHOWN_EVENTS = ("STEP_START", "STEP_SUCCESS", "STEP_FAILURE", "RUN_FAILURE")
HIDDEN = (
    "Logging an `AssetObservation`",
    "Finished dbt command",
    "Running dbt command",
    "Executing command",
    "A dbt subsetted execution",
    "Copying `",
)
"""Log messages of dagster-dbt that are noise here (the full dbt command line, ...)."""
WIDTH = 150


def register(sub) -> None:
    sub.add_parser("demo", help="replay the sample and run every partition").set_defaults(func=run)


class Progress:
    """Prints ``[demo +Ns] message`` lines."""

    def __init__(self) -> None:
        self.started = time.monotonic()

    def __call__(self, message: str) -> None:
        print(f"[demo +{time.monotonic() - self.started:3.0f}s] {message}", flush=True)


def _shown(line: str) -> str | None:
    """The part of a Dagster log line worth showing, or None."""
    match = LOG_LINE.search(line)
    if not match:
        return None
    level, rest = match["level"], match["rest"]
    for event in SHOWN_EVENTS:
        if f" - {event} - " in rest:
            return rest.split(f" - {event} - ", 1)[1][:WIDTH]
    if level in ("INFO", "WARNING", "ERROR", "CRITICAL") and " - " in rest:
        step, message = rest.split(" - ", 1)
        if message.startswith(HIDDEN):
            return None
        shown = message if message.startswith(step) else f"{step}: {message}"
        return shown[:WIDTH]
    return None


def materialize_command(first: str, last: str) -> list[str]:
    """``dagster asset materialize`` of every asset over the arrival days first..last,
    in one run (every partitioned asset has a single-run backfill policy)."""
    return [
        str(Path(sys.executable).parent / "dagster"),
        "asset",
        "materialize",
        "-m",
        "flywheel_pipeline.definitions",
        "--select",
        "*",
        "--partition-range",
        f"{first}...{last}",
    ]


def materialize(first: str, last: str, home: Path, say: Progress) -> bool:
    """:func:`materialize_command`, its Dagster log streamed as progress lines."""
    command = materialize_command(first, last)
    say(f"dagster asset materialize --select '*' --partition-range {first}...{last}")
    tail: deque[str] = deque(maxlen=60)
    with subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=child_env({"DAGSTER_HOME": str(home)}),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    ) as proc:
        for line in proc.stdout:
            tail.append(line.rstrip())
            shown = _shown(line.rstrip())
            if shown:
                say(f"  {shown}")
    if proc.returncode != 0:
        print("\n".join(tail), file=sys.stderr)
    return proc.returncode == 0


def run(args: argparse.Namespace) -> int:
    say = Progress()
    settings = Settings.from_env()
    config = ProductConfig.load(settings.config_dir)
    home = dagster_home()
    home.mkdir(parents=True, exist_ok=True)
    if not (home / "dagster.yaml").exists():
        shutil.copy(LOCAL_INSTANCE, home / "dagster.yaml")

    result = replay_csv(Lake.from_settings(settings), SAMPLE, ReplayPlan.load(SAMPLE_PLAN))
    say(
        f"replayed {result.rows:,} sample events into landing ({result.files_written} new files)"
        f" for arrival days {result.first_day}..{result.last_day}"
    )
    say("dbt parse (the manifest Dagster reads)")
    parsed = run_dbt(settings, parse_args(config), capture=True)
    if parsed.returncode != 0:
        print(parsed.stdout[-4000:], parsed.stderr[-2000:], sep="\n", file=sys.stderr)
        say("failed: dbt parse")
        return 1
    # Every partition from the first (FLYWHEEL_START_DATE) to the last arrival day
    # of the replay; later days have no data yet.
    first = settings.start_date.isoformat()
    if not materialize(first, result.last_day, home, say):
        say("failed: dagster asset materialize (its last lines are above)")
        return 1
    say(f"materialized every partition ({first}..{result.last_day}) into DAGSTER_HOME={home}\n")
    return summary.run(args)
