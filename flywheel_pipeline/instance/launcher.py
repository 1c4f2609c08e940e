"""A run launcher whose run workers run monitoring can check (docs/operations.md
"Killed runs").

Dagster's default launcher cannot tell the daemon whether a run's process is
alive, so a run whose process was killed (SIGKILL, OOM) stays STARTED and keeps
its concurrency-pool slots. :class:`MonitoredRunLauncher` is the default
launcher plus that check:

- a run launched through a code server (the UI, schedules, sensors) is alive
  while the server still executes it;
- a run executed by a command (``dagster asset materialize``, ``flywheel
  demo``) is alive while the process its steps recorded
  (:mod:`~flywheel_pipeline.instance.worker`) exists, when that process is on
  the daemon's host;
- anything the daemon cannot see counts as running, and the instance's
  ``max_runtime_seconds`` bounds it.

A run found dead is marked failed by run monitoring; its pool slots are freed
``free_slots_after_run_end_seconds`` later, and the next run goes through.
"""

from __future__ import annotations

import json
import os
import socket

from dagster import DagsterRun
from dagster._core.launcher import DefaultRunLauncher
from dagster._core.launcher.base import CheckRunHealthResult, WorkerStatus
from dagster._core.storage.tags import GRPC_INFO_TAG
from dagster._serdes import deserialize_value

from flywheel_pipeline.instance.worker import HOST_TAG, PID_TAG


def _process_exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class MonitoredRunLauncher(DefaultRunLauncher):
    """Dagster's default run launcher with run-worker health checks."""

    @property
    def supports_check_run_worker_health(self) -> bool:
        return True

    def check_run_worker_health(self, run: DagsterRun) -> CheckRunHealthResult:
        tags = run.tags
        if tags.get(HOST_TAG) == socket.gethostname() and tags.get(PID_TAG, "").isdigit():
            pid = int(tags[PID_TAG])
            if _process_exists(pid):
                return CheckRunHealthResult(WorkerStatus.RUNNING, f"process {pid} is alive")
            return CheckRunHealthResult(
                WorkerStatus.FAILED, f"the run's process {pid} on this host no longer exists"
            )
        if GRPC_INFO_TAG in tags:
            return self._ask_code_server(run)
        return CheckRunHealthResult(WorkerStatus.RUNNING, "not visible from here; max runtime")

    def _ask_code_server(self, run: DagsterRun) -> CheckRunHealthResult:
        from dagster._grpc.client import DagsterGrpcClient
        from dagster._grpc.types import CanCancelExecutionRequest, CanCancelExecutionResult

        info = json.loads(run.tags[GRPC_INFO_TAG])
        client = DagsterGrpcClient(
            port=info.get("port"),
            socket=info.get("socket"),
            host=info.get("host"),
            use_ssl=bool(info.get("use_ssl", False)),
        )
        try:
            result = deserialize_value(
                client.can_cancel_execution(CanCancelExecutionRequest(run_id=run.run_id)),
                CanCancelExecutionResult,
            )
        except Exception:  # noqa: BLE001 - an unreachable server is not proof of death
            return CheckRunHealthResult(WorkerStatus.RUNNING, "code server unreachable")
        if result.can_cancel:
            return CheckRunHealthResult(WorkerStatus.RUNNING, "the code server executes it")
        return CheckRunHealthResult(WorkerStatus.FAILED, "the code server no longer executes it")
