"""Every command the README documents runs, once, on tiny inputs.

The benchmarks are run through their ``make`` targets (the commands a reader
types) with ``BENCH_ARGS`` shrinking them to a few thousand events: they
print numbers, and what is checked here is that they finish and print them,
not how fast. (``make demo``/``make dev`` are covered by the Dagster pipeline
and deployment tests, ``make test`` by CI itself.)
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

BENCHMARKS = {
    "bench-load": ("--rows 4000 --days 2", "rows/s"),
    "bench-ingest": ("--rows 3000 --runs 1 --batch-rows 1000", "ratio"),
    "bench-marts": ("--users 40 --days 6 --events-per-user 60", "full build"),
    "bench-backfill": ("--days 4 --events-per-day 5", "backfill"),
}


def _make(target: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path / "dagster_home")}
    (tmp_path / "dagster_home").mkdir(exist_ok=True)
    return subprocess.run(
        ["make", "--no-print-directory", target, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.xdist_group("documented_commands")
@pytest.mark.parametrize("target", sorted(BENCHMARKS))
def test_each_benchmark_command_runs_on_tiny_inputs(target, tmp_path):
    args, printed = BENCHMARKS[target]
    done = _make(target, tmp_path, f"BENCH_ARGS={args}")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert printed in done.stdout.lower(), done.stdout[-3000:]


def test_make_validate_runs(tmp_path):
    done = _make("validate", tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "config" in done.stdout.lower()
