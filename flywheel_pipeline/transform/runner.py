"""Running the dbt CLI outside Dagster (``flywheel dbt``, the demo's manifest,
tests, benchmarks): same project, profile, target and settings as the Dagster
assets, as a subprocess whose environment comes from the settings module."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from flywheel_pipeline.settings import DBT_PROJECT_DIR, Settings, child_env

MANIFEST_PATH = DBT_PROJECT_DIR / "target" / "manifest.json"


def dbt_executable() -> str:
    """The ``dbt`` installed beside this Python (the project's pinned one)."""
    beside = Path(sys.executable).parent / "dbt"
    return str(beside) if beside.exists() else (shutil.which("dbt") or "dbt")


def dbt_command(settings: Settings, args: Sequence[str]) -> list[str]:
    """``dbt <args>`` on Flywheel's project and profile, with the settings' target."""
    return [
        dbt_executable(),
        *args,
        "--project-dir",
        str(DBT_PROJECT_DIR),
        "--profiles-dir",
        str(DBT_PROJECT_DIR),
        "--target",
        settings.warehouse.target,
    ]


def warehouse_env(settings: Settings) -> dict[str, str]:
    """The variables dbt's profile reads, with the values of ``settings``."""
    wh = settings.warehouse
    return {
        "FLYWHEEL_DBT_TARGET": wh.target,
        "FLYWHEEL_DUCKDB_PATH": str(wh.duckdb_path),
        "PGHOST": wh.pg_host,
        "PGPORT": str(wh.pg_port),
        "PGUSER": wh.pg_user,
        "PGPASSWORD": wh.pg_password,
        "PGDATABASE": wh.pg_database,
    }


def run_dbt(
    settings: Settings, args: Sequence[str], *, capture: bool = False
) -> subprocess.CompletedProcess:
    """Run dbt and wait. With ``capture``, its output is returned instead of shown."""
    return subprocess.run(
        dbt_command(settings, args),
        cwd=DBT_PROJECT_DIR,
        env=child_env(warehouse_env(settings)),
        capture_output=capture,
        text=True,
    )
