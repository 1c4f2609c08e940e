"""``flywheel`` command line.

    flywheel validate                  check the settings and config/*.yml; run nothing
    flywheel replay FILE --plan PLAN   replay a dataset into landing
    flywheel demo                      replay the sample, run every partition, summarize
    flywheel summary                   rows per layer and the headline metrics
    flywheel dbt COMMAND [ARGS...]     dbt on Flywheel's project, with config/*.yml as vars
    flywheel dbt-vars                  the vars Flywheel passes to dbt (JSON)
    flywheel access apply              per-tenant roles and row-level security (PostgreSQL)
    flywheel erase --tenant T --user-id U   erase one person everywhere, suppress them
    flywheel retention [--dry-run]     delete what is older than the retention policy

Exit status: 0 on success, 1 when the pipeline or dbt fails, 2 on a wrong
argument or setting (one line naming it and the fix, no traceback).
"""

from __future__ import annotations

import argparse
import sys

from flywheel_pipeline.cli import access, dbt, demo, privacy, replay, summary, validate
from flywheel_pipeline.config import ConfigError
from flywheel_pipeline.reporting.reports import ManifestNotFoundError
from flywheel_pipeline.settings import SettingsError
from flywheel_pipeline.warehouse.base import WarehouseUnavailableError

USER_ERRORS = (SettingsError, ConfigError, ManifestNotFoundError, WarehouseUnavailableError)
"""Errors caused by a setting or a missing step: shown as one line, exit status 2."""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="flywheel", description=__doc__.splitlines()[0])
    sub = top.add_subparsers(dest="command", required=True)
    for module in (validate, replay, demo, summary, dbt, access, privacy):
        module.register(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args, extra = parser().parse_known_args(argv)
    if extra and not getattr(args, "passthrough", False):
        parser().error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        return args.func(args, extra) if getattr(args, "passthrough", False) else args.func(args)
    except USER_ERRORS as exc:
        print(f"flywheel: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
