"""``flywheel validate``: read the settings and the product configuration and
say what they select, without running anything."""

from __future__ import annotations

import argparse

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.settings import Settings


def register(sub) -> None:
    sub.add_parser(
        "validate", help="check the settings and config/*.yml, run nothing"
    ).set_defaults(func=run)


def run(_: argparse.Namespace) -> int:
    settings = Settings.from_env()
    config = ProductConfig.load(settings.config_dir)
    wh = settings.warehouse
    where = (
        wh.duckdb_path if wh.target == "duckdb" else f"{wh.pg_host}:{wh.pg_port}/{wh.pg_database}"
    )
    print(
        f"lake:       {settings.lake_url}"
        + (f" (endpoint {settings.s3_endpoint})" if settings.s3_endpoint else "")
    )
    print(f"warehouse:  {wh.target} at {where}")
    print(f"partitions: daily arrival days from {settings.start_date}")
    print(
        f"config:     {settings.config_dir}: time zone {config.project.timezone}, "
        f"{len(config.tracking_plan.events)} tracked events, {len(config.funnels)} funnels, "
        f"{len(config.segments.feature_segments)} feature segments"
    )
    if settings.pii_key_is_default:
        print(
            "note:       FLYWHEEL_PII_KEY is unset: the development key hashes PII "
            "(refused for S3 or PostgreSQL)"
        )
    print("settings and configuration are valid")
    return 0
