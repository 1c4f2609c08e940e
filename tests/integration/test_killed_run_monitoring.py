"""A run SIGKILLed during its dbt step holds the warehouse pool slot; with the shipped
local instance config (run monitoring, MonitoredRunLauncher) the Dagster daemon
marks it failed and frees the slot, and the next run completes with no manual step
and equals a clean build (docs/operations.md "Killed runs").

The daemon polls every 2 s here instead of 30 s (the only change to the config).
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import yaml
from dagster import DagsterInstance, DagsterRunStatus
from dagster._core.instance.ref import InstanceRef

from flywheel_pipeline.cli.demo import materialize_command
from flywheel_pipeline.defs.pools import WAREHOUSE_POOL
from flywheel_pipeline.settings import PROJECT_ROOT, child_env
from tests.dbt import fixture_engagement, fixture_sessions
from tests.integration.test_incremental_equals_full import COMPARED
from tests.support import assert_same_rows, build_events, comparison_sql, land_events, make_env

EVENTS = [*fixture_engagement.EVENTS, *fixture_sessions.EVENTS]
DAEMON = Path(sys.executable).parent / "dagster-daemon"


def instance_home(root: Path) -> Path:
    home = root / "dagster_home"
    home.mkdir(parents=True)
    config = yaml.safe_load((PROJECT_ROOT / "deploy" / "local" / "dagster.yaml").read_text())
    config["run_monitoring"].update(poll_interval_seconds=2, free_slots_after_run_end_seconds=1)
    (home / "dagster.yaml").write_text(yaml.safe_dump(config))
    return home


def wait_for(what: str, predicate, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.5)


def test_a_killed_run_is_failed_its_slot_freed_and_the_next_run_completes(tmp_path, monkeypatch):
    env = make_env(tmp_path / "killed", monkeypatch)
    days = land_events(env, EVENTS)
    home = instance_home(tmp_path)
    process_env = child_env({"DAGSTER_HOME": str(home)})
    command = materialize_command(days[0], days[-1])

    # run 1: killed (the whole process group, dbt included) once dbt has started
    first = subprocess.Popen(
        command,
        cwd=PROJECT_ROOT,
        env=process_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    seen = []
    for line in first.stdout:
        seen.append(line)
        if "dbt build, arrival days" in line:
            break
    else:
        raise AssertionError("".join(seen[-40:]))
    time.sleep(2)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(timeout=30)

    instance = DagsterInstance.from_ref(InstanceRef.from_dir(str(home)))
    [run] = instance.get_runs()
    assert run.status == DagsterRunStatus.STARTED  # dead, but nobody knows yet

    def claimed() -> int:
        return len(instance.event_log_storage.get_concurrency_info(WAREHOUSE_POOL).claimed_slots)

    assert claimed() == 1

    # the daemon's run monitoring finds the dead worker and frees its slot
    daemon = subprocess.Popen(
        [str(DAEMON), "run", "-w", str(PROJECT_ROOT / "workspace.yaml")],
        cwd=PROJECT_ROOT,
        env=process_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        wait_for(
            "the killed run to be marked failed",
            lambda: instance.get_run_by_id(run.run_id).status == DagsterRunStatus.FAILURE,
            timeout=120,
        )
        wait_for("its pool slot to be freed", lambda: claimed() == 0, timeout=60)
    finally:
        os.killpg(daemon.pid, signal.SIGTERM)
        daemon.wait(timeout=60)

    # run 2: the same command, no manual step
    second = subprocess.run(
        command, cwd=PROJECT_ROOT, env=process_env, capture_output=True, text=True, timeout=900
    )
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]

    clean = make_env(tmp_path / "clean", monkeypatch)
    build_events(clean, EVENTS)
    for model in COMPARED:
        sql = comparison_sql(clean, model)
        assert_same_rows(env.query(sql), clean.query(sql), model)
