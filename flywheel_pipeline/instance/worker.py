"""Where a run executes: its host and process, recorded as run tags.

Run monitoring (:class:`~flywheel_pipeline.instance.launcher.MonitoredRunLauncher`)
reads them to tell a live run from one whose process was killed.
"""

from __future__ import annotations

import os
import socket

HOST_TAG = "flywheel/worker_host"
PID_TAG = "flywheel/worker_pid"


def worker_tags() -> dict[str, str]:
    """The tags of the current process: host name and process id."""
    return {HOST_TAG: socket.gethostname(), PID_TAG: str(os.getpid())}


def record_run_worker(context) -> None:
    """Tag the run of ``context`` (an asset or op context) with this process, once."""
    run = context.run
    if run.tags.get(PID_TAG) != str(os.getpid()):
        context.instance.add_run_tags(run.run_id, worker_tags())
