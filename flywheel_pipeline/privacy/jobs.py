"""The erasure and retention jobs with their resources opened from the
settings: what `flywheel erase`, `flywheel retention` and the Dagster jobs of
the same names run."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.privacy.audit import AuditRecord, who_runs
from flywheel_pipeline.privacy.erasure import erase
from flywheel_pipeline.privacy.retention import apply_retention
from flywheel_pipeline.privacy.subjects import Subject
from flywheel_pipeline.settings import Settings
from flywheel_pipeline.transform.commands import build_args
from flywheel_pipeline.transform.runner import run_dbt
from flywheel_pipeline.warehouse import open_warehouse


class RebuildFailedError(RuntimeError):
    """The dbt rebuild after an erasure or retention failed (its output was shown)."""


def _rebuild(settings: Settings, config: ProductConfig):
    def rebuild() -> None:
        done = run_dbt(settings, build_args(config, None, full_refresh=True))
        if done.returncode != 0:
            raise RebuildFailedError(
                "dbt build --full-refresh failed after the lake and raw tables were cleaned; "
                "fix the cause and run `flywheel dbt build --full-refresh`"
            )

    return rebuild


def _job(settings: Settings, job: str, dry_run: bool):
    """(lake, warehouse opener, config, a fresh audit record of ``job``, the
    rebuild) of ``settings``: what erase() and apply_retention() take."""
    config = ProductConfig.load(settings.config_dir)
    return (
        Lake.from_settings(settings),
        lambda: open_warehouse(settings.warehouse),
        config,
        AuditRecord(job, who_runs(), dry_run),
        _rebuild(settings, config),
    )


def run_erasure(settings: Settings, subjects: Iterable[Subject], *, dry_run: bool) -> AuditRecord:
    """Erase ``subjects`` (docs/privacy.md "Erasure"); the audit record."""
    lake, warehouse, config, record, rebuild = _job(settings, "erasure", dry_run)
    key = settings.pii_key.encode()
    return erase(lake, warehouse, config, list(subjects), key, record, rebuild)


def run_retention(settings: Settings, today: dt.date, *, dry_run: bool) -> AuditRecord:
    """Apply the retention policy as of ``today`` (docs/privacy.md "Retention")."""
    lake, warehouse, config, record, rebuild = _job(settings, "retention", dry_run)
    return apply_retention(lake, warehouse, config, today, record, rebuild)
