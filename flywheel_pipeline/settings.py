"""Runtime settings: the one module that reads environment variables.

Every endpoint, path and secret Flywheel uses comes from here. Product
configuration (tracking plan, PII fields, time zone, windows) lives in the
versioned files under ``config/`` and is read by :mod:`flywheel_pipeline.config`.

Variables (defaults in brackets):

- ``FLYWHEEL_LAKE_URL`` [``file://<repo>/data/lake``]: object storage root,
  ``file:///abs/path`` or ``s3://bucket/prefix``.
- ``FLYWHEEL_S3_ENDPOINT`` [unset]: S3 API endpoint for MinIO/SeaweedFS/other,
  e.g. ``http://127.0.0.1:9000``; unset means AWS.
- ``AWS_ACCESS_KEY_ID``, ``AWS_SECRET_ACCESS_KEY``, ``AWS_REGION`` [``us-east-1``]:
  S3 credentials, standard AWS names.
- ``FLYWHEEL_DUCKDB_PATH`` [``<repo>/data/warehouse/flywheel.duckdb``]: DuckDB file.
- ``FLYWHEEL_DBT_TARGET`` [``duckdb``]: the warehouse and its dbt target in
  ``dbt_project/profiles.yml``: ``duckdb`` or ``postgres``.
- ``PGHOST`` [``127.0.0.1``], ``PGPORT`` [``5432``], ``PGUSER`` [``postgres``],
  ``PGPASSWORD`` [empty], ``PGDATABASE`` [``flywheel``]: the PostgreSQL warehouse
  (libpq's names; ``PGHOST`` may be a Unix socket directory).
- ``FLYWHEEL_TIMEZONE`` [``timezone`` in ``config/project.yml``]: project time zone
  (IANA name) used for ``event_date``.
- ``FLYWHEEL_START_DATE`` [``2024-01-01``]: first daily partition (arrival day, UTC).
- ``FLYWHEEL_PII_KEY`` [a development key]: secret key of the keyed PII hash.
- ``FLYWHEEL_CONFIG_DIR`` [``<repo>/config``]: product configuration folder.
- ``FLYWHEEL_BATCH_ROWS`` [``50000``]: rows per streamed batch (bounds memory).
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DEV_PII_KEY = "flywheel-development-key-do-not-use-in-production"
WAREHOUSES = ("duckdb", "postgres")
ENV_VARS = (
    "FLYWHEEL_LAKE_URL",
    "FLYWHEEL_S3_ENDPOINT",
    "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY",
    "AWS_REGION",
    "FLYWHEEL_DUCKDB_PATH",
    "FLYWHEEL_DBT_TARGET",
    "PGHOST",
    "PGPORT",
    "PGUSER",
    "PGPASSWORD",
    "PGDATABASE",
    "FLYWHEEL_TIMEZONE",
    "FLYWHEEL_START_DATE",
    "FLYWHEEL_PII_KEY",
    "FLYWHEEL_CONFIG_DIR",
    "FLYWHEEL_BATCH_ROWS",
)
"""Every environment variable this module reads (a test keeps the list complete)."""


class SettingsError(ValueError):
    """Raised when an environment variable holds a value Flywheel cannot use."""


@dataclass(frozen=True)
class Settings:
    """Resolved runtime settings. Build with :meth:`from_env`."""

    lake_url: str
    s3_endpoint: str | None
    aws_access_key_id: str | None
    aws_secret_access_key: str | None
    aws_region: str
    duckdb_path: Path
    dbt_target: str
    pg_host: str
    pg_port: int
    pg_user: str
    pg_password: str
    pg_database: str
    timezone: str | None
    start_date: dt.date
    pii_key: bytes
    config_dir: Path
    batch_rows: int

    @property
    def pii_key_is_default(self) -> bool:
        """True when ``FLYWHEEL_PII_KEY`` is unset and the development key is in use."""
        return self.pii_key == DEV_PII_KEY.encode()

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read the settings from ``env`` (default: ``os.environ``).

        Raises:
            SettingsError: a variable is set to a value of the wrong form (the
                message names the variable).
        """
        env = os.environ if env is None else env
        lake_url = env.get("FLYWHEEL_LAKE_URL") or (PROJECT_ROOT / "data" / "lake").as_uri()
        if not lake_url.startswith(("file://", "s3://")):
            raise SettingsError(
                f"FLYWHEEL_LAKE_URL must start with file:// or s3://, got {lake_url!r}"
            )
        start = env.get("FLYWHEEL_START_DATE", "2024-01-01")
        try:
            start_date = dt.date.fromisoformat(start)
        except ValueError as exc:
            raise SettingsError(f"FLYWHEEL_START_DATE must be YYYY-MM-DD, got {start!r}") from exc
        batch = env.get("FLYWHEEL_BATCH_ROWS", "50000")
        if not batch.isdigit() or int(batch) < 1:
            raise SettingsError(f"FLYWHEEL_BATCH_ROWS must be a positive integer, got {batch!r}")
        target = env.get("FLYWHEEL_DBT_TARGET", "duckdb")
        if target not in WAREHOUSES:
            raise SettingsError(f"FLYWHEEL_DBT_TARGET must be one of {WAREHOUSES}, got {target!r}")
        port = env.get("PGPORT", "5432")
        if not port.isdigit():
            raise SettingsError(f"PGPORT must be a port number, got {port!r}")
        return cls(
            lake_url=lake_url.rstrip("/"),
            s3_endpoint=env.get("FLYWHEEL_S3_ENDPOINT") or None,
            aws_access_key_id=env.get("AWS_ACCESS_KEY_ID") or None,
            aws_secret_access_key=env.get("AWS_SECRET_ACCESS_KEY") or None,
            aws_region=env.get("AWS_REGION") or "us-east-1",
            duckdb_path=Path(
                env.get("FLYWHEEL_DUCKDB_PATH")
                or PROJECT_ROOT / "data" / "warehouse" / "flywheel.duckdb"
            ).resolve(),
            dbt_target=target,
            pg_host=env.get("PGHOST") or "127.0.0.1",
            pg_port=int(port),
            pg_user=env.get("PGUSER") or "postgres",
            pg_password=env.get("PGPASSWORD") or "",
            pg_database=env.get("PGDATABASE") or "flywheel",
            timezone=env.get("FLYWHEEL_TIMEZONE") or None,
            start_date=start_date,
            pii_key=(env.get("FLYWHEEL_PII_KEY") or DEV_PII_KEY).encode(),
            config_dir=Path(env.get("FLYWHEEL_CONFIG_DIR") or PROJECT_ROOT / "config").resolve(),
            batch_rows=int(batch),
        )

    @property
    def postgres_uri(self) -> str:
        """libpq URI of the PostgreSQL warehouse (a socket directory goes in ``host=``)."""
        user, password = quote(self.pg_user, safe=""), quote(self.pg_password, safe="")
        auth = f"{user}:{password}@" if password else f"{user}@"
        if self.pg_host.startswith("/"):
            query = urlencode({"host": self.pg_host, "port": self.pg_port})
            return f"postgresql://{auth}/{self.pg_database}?{query}"
        return f"postgresql://{auth}{self.pg_host}:{self.pg_port}/{self.pg_database}"

    def dbt_env(self) -> dict[str, str]:
        """Environment variables that ``dbt_project/profiles.yml`` reads."""
        return {
            "FLYWHEEL_DBT_TARGET": self.dbt_target,
            "FLYWHEEL_DUCKDB_PATH": str(self.duckdb_path),
            "PGHOST": self.pg_host,
            "PGPORT": str(self.pg_port),
            "PGUSER": self.pg_user,
            "PGPASSWORD": self.pg_password,
            "PGDATABASE": self.pg_database,
        }


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, read from the environment once."""
    return Settings.from_env()
