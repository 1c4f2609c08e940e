"""The audit of privacy jobs (docs/privacy.md "Audit"): who ran which erasure
or retention job, when, and what it touched, as one row per job of
``flywheel_audit.privacy_jobs`` in the warehouse and one JSON record under
``privacy/audit/`` in the lake. No PII: a subject is its keyed hash, files
are lake keys, and counts are counts.
"""

from __future__ import annotations

import datetime as dt
import getpass
import json
import os
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.warehouse.base import Warehouse, sql_string

WarehouseOpener = Callable[[], Warehouse]
"""Opens a warehouse connection; the privacy jobs hold one only while they
use it (DuckDB lets one process write, and the dbt rebuild is another)."""


def run_statements(open_warehouse: WarehouseOpener, statements: list[str]) -> list[int]:
    """``statements`` in one transaction on a connection opened and closed here."""
    warehouse = open_warehouse()
    try:
        return warehouse.execute(statements)
    finally:
        warehouse.close()


AUDIT_TABLE = "flywheel_audit.privacy_jobs"
AUDIT_COLUMNS = (
    "job_id varchar(64), job varchar(16), requested_by varchar(256), dagster_run_id varchar(64),"
    " started_at timestamp, finished_at timestamp, dry_run boolean, tenant_id varchar(64),"
    " subjects text, touched text"
)


@dataclass
class AuditRecord:
    """One privacy job. ``touched``: location -> what was removed there
    (rows, files), ``subjects``: the keyed hashes of the ids it erased."""

    job: str
    requested_by: str
    dry_run: bool
    tenant_id: str | None = None
    dagster_run_id: str | None = None
    job_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    started_at: dt.datetime = field(default_factory=lambda: dt.datetime.now(dt.UTC))
    finished_at: dt.datetime | None = None
    subjects: list[str] = field(default_factory=list)
    touched: dict[str, Any] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for name in ("started_at", "finished_at"):
            data[name] = data[name].isoformat() if data[name] else None
        return data


def who_runs() -> str:
    """The OS user running the job (a Dagster run also records its run id)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def write_audit(lake: Lake, warehouse: WarehouseOpener, record: AuditRecord) -> None:
    """The record to the lake (``privacy/audit/<day>/<job_id>.json``) and to the
    warehouse table (created when missing)."""
    record.finished_at = record.finished_at or dt.datetime.now(dt.UTC)
    data = record.as_json()
    day = record.started_at.date().isoformat()
    key = f"privacy/audit/{day}/{record.job_id}.json"
    lake.write_bytes_atomic(key, json.dumps(data, indent=1, sort_keys=True).encode())
    values = ", ".join(
        [
            sql_string(record.job_id),
            sql_string(record.job),
            sql_string(record.requested_by),
            sql_string(record.dagster_run_id) if record.dagster_run_id else "null",
            f"cast({sql_string(_naive(record.started_at))} as timestamp)",
            f"cast({sql_string(_naive(record.finished_at))} as timestamp)",
            "true" if record.dry_run else "false",
            sql_string(record.tenant_id) if record.tenant_id else "null",
            sql_string(json.dumps(record.subjects)),
            sql_string(json.dumps(record.touched, sort_keys=True)),
        ]
    )
    run_statements(
        warehouse,
        [
            "create schema if not exists flywheel_audit",
            f"create table if not exists {AUDIT_TABLE} ({AUDIT_COLUMNS})",
            f"insert into {AUDIT_TABLE} values ({values})",
        ],
    )


def _naive(moment: dt.datetime) -> str:
    """UTC, without zone, as every timestamp of the warehouse."""
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(sep=" ")
