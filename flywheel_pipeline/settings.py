"""Runtime settings: the one module that reads environment variables.

Every endpoint, path and secret Flywheel uses comes from here, read once into a
frozen :class:`Settings` when something asks (the Dagster definitions when they
are loaded, a ``flywheel`` command when it starts); nothing reads the
environment at import, and nothing writes it. Product configuration (tracking
plan, funnels, segments, time zone, windows) is not here: it lives in the
versioned files under ``config/`` (:mod:`flywheel_pipeline.config`).

Variables (defaults in brackets):

- ``FLYWHEEL_LAKE_URL`` [``file://<repo>/data/lake``]: object storage root,
  ``file:///abs/path`` or ``s3://bucket/prefix``.
- ``FLYWHEEL_S3_ENDPOINT`` [unset]: S3 API endpoint for MinIO/SeaweedFS/other,
  e.g. ``http://127.0.0.1:9000``; unset means AWS.
- ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY`` (secret), ``AWS_REGION``
  [``us-east-1``]: S3 credentials, standard AWS names.
- ``FLYWHEEL_START_DATE`` [``2024-01-01``]: first daily partition (arrival day, UTC).
- ``FLYWHEEL_PII_KEY`` (secret) [a development key, for a local lake with DuckDB
  only]: key of the keyed PII hash, at least 32 bytes (docs/pii.md).
- ``FLYWHEEL_CONFIG_DIR`` [``<repo>/config``]: product configuration folder.
- ``FLYWHEEL_BATCH_ROWS`` [``100000``]: rows per streamed batch (bounds memory).
- The warehouse, read by dbt's profile ``dbt_project/profiles.yml``, which
  holds their defaults: ``FLYWHEEL_DBT_TARGET`` [``duckdb``] picks the
  warehouse and its dbt target (``duckdb`` or ``postgres``);
  ``FLYWHEEL_DUCKDB_PATH`` [``<repo>/data/warehouse/flywheel.duckdb``];
  ``PGHOST`` [``127.0.0.1``], ``PGPORT`` [``5432``], ``PGUSER`` [``postgres``],
  ``PGPASSWORD`` (secret) [empty], ``PGDATABASE`` [``flywheel``] (libpq's
  names; ``PGHOST`` may be a Unix socket directory). This module renders that
  profile with dbt's own renderer, so the Python loader and dbt always open the
  same warehouse.

Dagster's own variables (``DAGSTER_HOME``, ``DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS``)
are read by Dagster; :func:`child_env` hands them to the processes Flywheel starts.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlparse

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DBT_PROFILE = "flywheel"
DEV_PII_KEY = "flywheel-development-key-do-not-use-in-production"
MIN_PII_KEY_BYTES = 32
WAREHOUSES = ("duckdb", "postgres")

DEFAULTS: dict[str, str] = {
    "FLYWHEEL_LAKE_URL": (PROJECT_ROOT / "data" / "lake").as_uri(),
    "AWS_REGION": "us-east-1",
    "FLYWHEEL_START_DATE": "2024-01-01",
    "FLYWHEEL_CONFIG_DIR": str(PROJECT_ROOT / "config"),
    "FLYWHEEL_BATCH_ROWS": "100000",
}
"""Defaults of the variables this module reads itself (the warehouse's are in profiles.yml)."""

WAREHOUSE_VARS = (
    "FLYWHEEL_DBT_TARGET",
    "FLYWHEEL_DUCKDB_PATH",
    "PGHOST",
    "PGPORT",
    "PGUSER",
    "PGPASSWORD",
    "PGDATABASE",
)
ENV_VARS = (
    "FLYWHEEL_LAKE_URL",
    "FLYWHEEL_S3_ENDPOINT",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
    "FLYWHEEL_START_DATE",
    "FLYWHEEL_PII_KEY",
    "FLYWHEEL_CONFIG_DIR",
    "FLYWHEEL_BATCH_ROWS",
    *WAREHOUSE_VARS,
)
"""Every environment variable Flywheel reads (a test keeps the list complete)."""

SECRET_VARS = frozenset({"AWS_SECRET_ACCESS_KEY", "PGPASSWORD", "FLYWHEEL_PII_KEY"})
"""Variables whose values Dagster resources take as ``EnvVar`` (never shown in the UI)."""

DAGSTER_ENV = {
    # One ASSET_MATERIALIZATION_PLANNED event per asset for a single-run range,
    # instead of one per asset and partition (docs/decisions.md "Bookkeeping").
    "DAGSTER_EMIT_PARTITION_SUBSET_IN_PLANNED_EVENTS": "true",
}
"""Dagster's own variables that the processes Flywheel starts get (see :func:`child_env`)."""


class SettingsError(ValueError):
    """An environment variable holds a value Flywheel cannot use. The message is
    one line naming the variable and the fix."""


@dataclass(frozen=True)
class WarehouseSettings:
    """The warehouse dbt's profile selects: a DuckDB file or a PostgreSQL database."""

    target: str
    duckdb_path: Path
    pg_host: str
    pg_port: int
    pg_user: str
    pg_password: str
    pg_database: str

    @property
    def postgres_uri(self) -> str:
        """libpq URI of the PostgreSQL warehouse (a socket directory goes in ``host=``)."""
        user, password = quote(self.pg_user, safe=""), quote(self.pg_password, safe="")
        auth = f"{user}:{password}@" if password else f"{user}@"
        if self.pg_host.startswith("/"):
            query = urlencode({"host": self.pg_host, "port": self.pg_port})
            return f"postgresql://{auth}/{self.pg_database}?{query}"
        return f"postgresql://{auth}{self.pg_host}:{self.pg_port}/{self.pg_database}"


@dataclass(frozen=True)
class Settings:
    """Resolved runtime settings. Build with :meth:`from_env`.

    ``secrets_in_env`` names the secret variables that were set in the process
    environment: Dagster resources take those as ``EnvVar`` so their values
    never appear in the UI.
    """

    lake_url: str
    s3_endpoint: str | None
    aws_access_key_id: str | None
    aws_secret_access_key: str | None
    aws_region: str
    start_date: dt.date
    pii_key: str
    config_dir: Path
    batch_rows: int
    warehouse: WarehouseSettings
    secrets_in_env: frozenset[str] = field(default=frozenset())

    @property
    def pii_key_is_default(self) -> bool:
        """True when ``FLYWHEEL_PII_KEY`` is unset and the development key is in use."""
        return self.pii_key == DEV_PII_KEY

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default: the process environment).

        Raises:
            SettingsError: a variable holds a value of the wrong form (one line
                naming the variable and the fix).
        """
        process_env = env is None
        env = dict(os.environ if env is None else env)

        def get(name: str) -> str:
            return env.get(name) or DEFAULTS[name]

        lake_url, warehouse = _lake_url(get("FLYWHEEL_LAKE_URL")), warehouse_from_profile(env)
        return cls(
            lake_url=lake_url,
            s3_endpoint=env.get("FLYWHEEL_S3_ENDPOINT") or None,
            aws_access_key_id=env.get("AWS_ACCESS_KEY_ID") or None,
            aws_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY") or None,
            aws_region=get("AWS_REGION"),
            start_date=_date("FLYWHEEL_START_DATE", get("FLYWHEEL_START_DATE")),
            pii_key=_pii_key(env.get("FLYWHEEL_PII_KEY") or None, lake_url, warehouse.target),
            config_dir=_directory("FLYWHEEL_CONFIG_DIR", get("FLYWHEEL_CONFIG_DIR")),
            batch_rows=_positive_int("FLYWHEEL_BATCH_ROWS", get("FLYWHEEL_BATCH_ROWS")),
            warehouse=warehouse,
            secrets_in_env=frozenset(name for name in SECRET_VARS if process_env and env.get(name)),
        )


def _lake_url(url: str) -> str:
    parsed = urlparse(url)
    fix = "use file:///absolute/path or s3://bucket/prefix"
    if parsed.scheme == "s3" and parsed.netloc:
        return url.rstrip("/")
    if parsed.scheme == "file" and not parsed.netloc and parsed.path.startswith("/"):
        return url.rstrip("/")
    raise SettingsError(f"FLYWHEEL_LAKE_URL={url!r} is not an absolute lake URL: {fix}")


def _pii_key(key: str | None, lake_url: str, target: str) -> str:
    """The PII key: the development key only for development (a local lake with
    DuckDB), otherwise a set key of at least MIN_PII_KEY_BYTES bytes."""
    development = lake_url.startswith("file://") and target == "duckdb"
    fix = "set FLYWHEEL_PII_KEY to a secret of 32 bytes or more (e.g. `openssl rand -hex 32`)"
    if key is None or key == DEV_PII_KEY:
        if development:
            return DEV_PII_KEY
        raise SettingsError(
            f"FLYWHEEL_PII_KEY is {'unset' if key is None else 'the development key'}; the "
            f"development key is only for a local lake with DuckDB: {fix}"
        )
    if len(key.encode()) < MIN_PII_KEY_BYTES:
        raise SettingsError(f"FLYWHEEL_PII_KEY is {len(key.encode())} bytes, too short: {fix}")
    return key


def _date(name: str, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise SettingsError(f"{name}={value!r} is not a date: use YYYY-MM-DD") from None


def _positive_int(name: str, value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise SettingsError(f"{name}={value!r} is not a positive integer: use e.g. 50000")
    return int(value)


def _directory(name: str, value: str) -> Path:
    path = Path(value)
    if not path.is_absolute():
        raise SettingsError(f"{name}={value!r} is relative: use an absolute path")
    if not path.is_dir():
        raise SettingsError(f"{name}={value!r} is not a directory: point it at a config folder")
    return path


def warehouse_from_profile(env: Mapping[str, str]) -> WarehouseSettings:
    """The warehouse of ``dbt_project/profiles.yml`` rendered with ``env``, by dbt's
    own profile renderer (in a private context: dbt's invocation context is not
    touched). A relative DuckDB path is relative to the dbt project, as dbt reads it.

    Raises:
        SettingsError: the target is not an output of the profile, a port is not
            a number, or FLYWHEEL_DUCKDB_PATH is relative.
    """
    duckdb_path = env.get("FLYWHEEL_DUCKDB_PATH")
    if duckdb_path and not Path(duckdb_path).is_absolute():
        raise SettingsError(
            f"FLYWHEEL_DUCKDB_PATH={duckdb_path!r} is relative: use an absolute path"
        )
    port = env.get("PGPORT")
    if port and not port.isdigit():
        raise SettingsError(f"PGPORT={port!r} is not a port number: use e.g. 5432")
    profile = contextvars.copy_context().run(_render_profile, dict(env))
    target = profile["target"]
    outputs = profile["outputs"]
    if target not in outputs or target not in WAREHOUSES:
        raise SettingsError(
            f"FLYWHEEL_DBT_TARGET={target!r} is not a warehouse: use one of {', '.join(WAREHOUSES)}"
        )
    duck, pg = outputs["duckdb"], outputs["postgres"]
    return WarehouseSettings(
        target=target,
        duckdb_path=(DBT_PROJECT_DIR / duck["path"]).resolve(),
        pg_host=str(pg["host"]),
        pg_port=int(pg["port"]),
        pg_user=str(pg["user"]),
        pg_password=str(pg["password"]),
        pg_database=str(pg["dbname"]),
    )


def _render_profile(env: dict[str, str]) -> dict[str, Any]:
    from dbt.config.profile import read_profile
    from dbt.config.renderer import ProfileRenderer
    from dbt_common.context import set_invocation_context

    set_invocation_context(env)
    raw = read_profile(str(DBT_PROJECT_DIR))[DBT_PROFILE]
    return ProfileRenderer({}).render_data(raw)


def dagster_home() -> Path:
    """The Dagster instance folder: ``DAGSTER_HOME``, default ``<repo>/.dagster_home``
    (the one ``make dev`` and ``make demo`` share)."""
    return Path(os.environ.get("DAGSTER_HOME") or PROJECT_ROOT / ".dagster_home")


def child_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a process Flywheel starts (dbt, ``dagster``): this
    process's environment plus :data:`DAGSTER_ENV` and ``extra``. The process
    environment itself is never changed."""
    return {**os.environ, **DAGSTER_ENV, **(extra or {})}
