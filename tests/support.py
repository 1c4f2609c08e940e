"""Helpers shared by the tests: an isolated Flywheel environment and pipeline steps.

Everything runs the real code paths: landing files in a lake, raw partitions,
the DuckDB loader, and dbt through its CLI.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import math
import shutil
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.ingest.raw_partition import RawPartitionResult, build_raw_partition
from flywheel_pipeline.lake.layout import EVENTS_SOURCE, landing_prefix, raw_prefix
from flywheel_pipeline.lake.partition import read_manifest
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.settings import PROJECT_ROOT, Settings
from flywheel_pipeline.transform.commands import build_args
from flywheel_pipeline.transform.runner import run_dbt
from flywheel_pipeline.warehouse import open_warehouse

BIN_DIR = Path(sys.executable).parent


@dataclass
class FlywheelEnv:
    """An isolated lake + warehouse, selected through the environment like a user
    would; ``settings`` were read from that environment."""

    root: Path
    settings: Settings
    config: ProductConfig
    lake: Lake

    # ---- landing -------------------------------------------------------------
    def write_landing(self, day: str, name: str, rows: list[Any], *, gz: bool = False) -> str:
        """Write NDJSON rows (dicts are JSON-encoded, str lines written as they are)."""
        lines = [r if isinstance(r, str) else json.dumps(r) for r in rows]
        data = ("\n".join(lines) + "\n").encode()
        key = f"{landing_prefix(EVENTS_SOURCE, day)}/{name}"
        if gz:
            data = gzip.compress(data, mtime=0)
        self.lake.write_bytes_atomic(key, data)
        return key

    # ---- pipeline steps ------------------------------------------------------
    def build_raw(self, day: str) -> RawPartitionResult:
        return build_raw_partition(
            self.lake,
            EVENTS_SOURCE,
            dt.date.fromisoformat(day),
            self.config,
            self.settings.pii_key.encode(),
            self.settings.batch_rows,
        )

    def load(self, day: str) -> int:
        warehouse = open_warehouse(self.settings.warehouse)
        try:
            return warehouse.load_raw_partition(
                self.lake, EVENTS_SOURCE, dt.date.fromisoformat(day)
            ).rows
        finally:
            warehouse.close()

    def dbt(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        """dbt as ``flywheel dbt`` runs it, with this environment's artefacts folder
        (so parallel test workers never share dbt_project/target)."""
        paths = ["--target-path", str(self.root / "dbt-target"), "--log-path", str(self.root)]
        done = run_dbt(self.settings, [*args, *paths], capture=True)
        if check:
            assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-3000:]
        return done

    def dbt_build(
        self, window: tuple[str, str] | None = None, *extra: str, full_refresh: bool = False
    ) -> None:
        """``dbt build`` as Dagster runs it (same args function), failing loudly."""
        win = tuple(dt.date.fromisoformat(d) for d in window) if window else None
        self.dbt(*build_args(self.config, win, full_refresh=full_refresh), *extra)

    # ---- reading back --------------------------------------------------------
    def query(self, sql: str) -> list[tuple]:
        """Rows of a query on this environment's warehouse (DuckDB or PostgreSQL)."""
        warehouse = open_warehouse(self.settings.warehouse, read_only=True)
        try:
            return warehouse.fetch(sql)
        finally:
            warehouse.close()

    def table(self, name: str, order_by: str) -> list[tuple]:
        return self.query(f"select * from {name} order by {order_by}")

    def raw_table(self, day: str, folder: str = "raw_files") -> pa.Table:
        """The committed raw (or quarantine) rows of a partition, via its manifest."""
        manifest = read_manifest(self.lake, raw_prefix(EVENTS_SOURCE, day))
        tables = []
        for key in manifest[folder]:
            with self.lake.open_file(key) as handle:
                tables.append(pq.read_table(handle))
        return pa.concat_tables(tables) if tables else pa.table({})


def land_events(env: FlywheelEnv, events: list[dict[str, Any]]) -> list[str]:
    """Write ``events`` as one landing file per arrival day; the sorted arrival days."""
    by_day: dict[str, list[dict[str, Any]]] = {}
    for e in events:
        by_day.setdefault(e["received_at"][:10], []).append(e)
    for day, rows in by_day.items():
        env.write_landing(day, "fixture.ndjson", rows)
    return sorted(by_day)


def build_events(env: FlywheelEnv, events: list[dict[str, Any]]) -> list[str]:
    """``events`` through landing, raw, load and one full dbt build; the arrival days."""
    days = land_events(env, events)
    for day in days:
        env.build_raw(day)
        env.load(day)
    env.dbt_build()
    return days


# Every dbt model (schema.name) with the columns that order its rows for a comparison.
# tests/unit/test_model_keys.py keeps it complete.
MODEL_KEYS = {
    "staging.stg_events": "tenant_id, message_id",
    "intermediate.int_identity_map": "tenant_id, anonymous_id",
    "intermediate.int_touched_event_dates": "event_date",
    "intermediate.int_active_users_daily": "tenant_id, metric_date",
    "intermediate.int_user_segment_days": "tenant_id, as_of_date, user_key, segment_type, segment",
    "marts.fct_events": "tenant_id, message_id",
    "marts.fct_user_daily": "tenant_id, user_key, event_date",
    "marts.dim_users": "tenant_id, user_key",
    "marts.metrics_daily": "tenant_id, metric_date",
    "marts.metrics_weekly": "tenant_id, week_start",
    "marts.key_metrics": "tenant_id, metric_name",
    "marts.fct_sessions": "tenant_id, session_id",
    "marts.fct_funnel_progress": "tenant_id, funnel_name, user_key, step_number",
    "marts.funnel_conversion_daily": (
        "tenant_id, funnel_name, entry_date, breakdown, breakdown_value, step_number"
    ),
    "marts.funnel_overview": "tenant_id, funnel_name, step_number",
    "marts.retention_cohorts": "tenant_id, cohort_grain, cohort_start, period_number",
    "marts.retention_summary": "tenant_id, range_type, range_start",
    "marts.lifecycle_daily": "tenant_id, period_start",
    "marts.lifecycle_weekly": "tenant_id, period_start",
    "marts.fct_user_segments": "tenant_id, user_key, segment_type, segment, valid_from",
    "marts.dim_user_segments_current": "tenant_id, user_key, segment_type, segment",
    "marts.segment_distribution_daily": "tenant_id, as_of_date, segment_type, segment",
    "reporting.rpt_row_counts": "tenant_id, table_order",
    "reporting.rpt_engagement_sample_dates": "tenant_id, metric_date",
    "reporting.rpt_funnel_steps": "tenant_id, funnel_name, step_number",
    "reporting.rpt_retention_headline": "tenant_id, d1_retention",
    "reporting.rpt_retention_weekly_head": "tenant_id, cohort_start",
    "reporting.rpt_segment_distribution_latest": "tenant_id, segment_type, segment",
    "reporting.rpt_key_metrics": "tenant_id, metric_name",
}
# Columns that legitimately differ between two builds of the same data (audit columns).
AUDIT_COLUMNS = {"intermediate.int_user_segment_days": ("dbt_invocation_id",)}
FLOAT_TOLERANCE = 1e-9


def comparison_sql(env: FlywheelEnv, model: str, leave_out: tuple[str, ...] = ()) -> str:
    """``select`` of a model's rows for a comparison: ordered, audit columns (and
    ``leave_out``) left out."""
    columns = "*"
    left_out = AUDIT_COLUMNS.get(model, ()) + leave_out
    if left_out:
        schema, name = model.split(".")
        names = [
            c
            for (c,) in env.query(
                "select column_name from information_schema.columns"
                f" where table_schema = '{schema}' and table_name = '{name}'"
                " order by ordinal_position"
            )
            if c not in left_out
        ]
        columns = ", ".join(names)
    return f"select {columns} from {model} order by {MODEL_KEYS[model]}"


def same_value(a: Any, b: Any) -> bool:
    """Equal, floats within FLOAT_TOLERANCE (relative): sums of floats depend on order."""
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=FLOAT_TOLERANCE)
    return a == b


def assert_same_rows(left: list[tuple], right: list[tuple], what: str) -> None:
    assert len(left) == len(right), f"{what}: {len(left)} rows != {len(right)}"
    for row_left, row_right in zip(left, right, strict=True):
        assert len(row_left) == len(row_right), what
        assert all(same_value(a, b) for a, b in zip(row_left, row_right, strict=True)), (
            what,
            row_left,
            row_right,
        )


ENGINES = ("duckdb-local", "postgres-s3")


def engine_vars(engine: str, postgres: dict[str, str] | None, s3_endpoint: str | None) -> dict:
    """Environment of an engine pair: DuckDB + local lake, or PostgreSQL + S3 lake.

    ``postgres-s3`` gets a fresh database and a fresh lake prefix every time.
    """
    if engine == "duckdb-local":
        return {}
    from tests.servers.seaweedfs import ACCESS_KEY, BUCKET, SECRET_KEY

    suffix = uuid.uuid4().hex[:10]
    database = f"t_{suffix}"
    create_database(postgres, database)
    return {
        "FLYWHEEL_DBT_TARGET": "postgres",
        **postgres,
        "PGDATABASE": database,
        "FLYWHEEL_LAKE_URL": f"s3://{BUCKET}/test-{suffix}",
        "FLYWHEEL_S3_ENDPOINT": s3_endpoint,
        "AWS_ACCESS_KEY_ID": ACCESS_KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
    }


def engine_env_vars(engine: str, request) -> dict:
    """:func:`engine_vars` with the session's servers, started only when needed."""
    if engine == "postgres-s3":
        return engine_vars(
            engine, request.getfixturevalue("postgres"), request.getfixturevalue("s3_endpoint")
        )
    return engine_vars(engine, None, None)


def create_database(postgres: dict[str, str], name: str) -> None:
    import adbc_driver_postgresql.dbapi as adbc_pg

    admin = Settings.from_env({**postgres, "PGDATABASE": "postgres"}).warehouse
    with adbc_pg.connect(admin.postgres_uri, autocommit=True) as con, con.cursor() as cur:
        cur.execute(f"create database {name}")


def make_env(root: Path, monkeypatch, **env: str) -> FlywheelEnv:
    """Point every setting at ``root`` (lake, warehouse) plus ``env`` overrides, in
    the environment (as a user would), and read the settings from it."""
    root.mkdir(parents=True, exist_ok=True)
    values = {
        "FLYWHEEL_LAKE_URL": (root / "lake").as_uri(),
        "FLYWHEEL_DUCKDB_PATH": str(root / "warehouse" / "flywheel.duckdb"),
        "FLYWHEEL_PII_KEY": "test-pii-key-of-at-least-32-bytes",
        **env,
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    settings = Settings.from_env()
    config = ProductConfig.load(settings.config_dir)
    return FlywheelEnv(root, settings, config, Lake.from_settings(settings))


def config_copy(
    root: Path, edits: dict[str, tuple[str, str]] | None = None, **appends: str
) -> Path:
    """A copy of config/ under ``root``: ``edits`` replace text in a file
    (``{file: (old, new)}``, the old text must be there) and ``appends`` add text
    at the end of ``<name>.yml``. Returns the folder (for FLYWHEEL_CONFIG_DIR)."""
    target = root / "config"
    shutil.copytree(PROJECT_ROOT / "config", target, dirs_exist_ok=True)
    for file, (old, new) in (edits or {}).items():
        text = (target / file).read_text()
        assert old in text, (file, old)
        (target / file).write_text(text.replace(old, new))
    for name, text in appends.items():
        with open(target / f"{name}.yml", "a") as out:
            out.write(text)
    return target


def event(
    message_id: str,
    ts: str,
    *,
    user_id: str | None = None,
    anonymous_id: str | None = None,
    name: str | None = "home",
    type: str = "track",
    received_at: str | None = None,
    sent_at: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """A Segment-spec event; received_at defaults to one second after ts."""
    received = received_at or (dt.datetime.fromisoformat(ts) + dt.timedelta(seconds=1)).isoformat()
    row = {"message_id": message_id, "type": type, "timestamp": ts, "received_at": received}
    if name is not None:
        row["event"] = name
    if user_id is not None:
        row["user_id"] = user_id
    if anonymous_id is not None:
        row["anonymous_id"] = anonymous_id
    if sent_at is not None:
        row["sent_at"] = sent_at
    row.update(extra)
    return row
