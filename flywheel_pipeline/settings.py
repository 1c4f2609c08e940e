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
- ``FLYWHEEL_DBT_TARGET`` [``duckdb``]: the dbt target in ``dbt_project/profiles.yml``.
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

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"
DEV_PII_KEY = "flywheel-development-key-do-not-use-in-production"


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
            dbt_target=env.get("FLYWHEEL_DBT_TARGET", "duckdb"),
            timezone=env.get("FLYWHEEL_TIMEZONE") or None,
            start_date=start_date,
            pii_key=(env.get("FLYWHEEL_PII_KEY") or DEV_PII_KEY).encode(),
            config_dir=Path(env.get("FLYWHEEL_CONFIG_DIR") or PROJECT_ROOT / "config").resolve(),
            batch_rows=int(batch),
        )

    def dbt_env(self) -> dict[str, str]:
        """Environment variables that ``dbt_project/profiles.yml`` reads."""
        return {"FLYWHEEL_DUCKDB_PATH": str(self.duckdb_path)}


@functools.cache
def get_settings() -> Settings:
    """The process-wide settings, read from the environment once."""
    return Settings.from_env()
