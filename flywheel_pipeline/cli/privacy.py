"""``flywheel erase`` and ``flywheel retention`` (docs/privacy.md).

    flywheel erase --tenant acme --user-id u-42 [--dry-run]
    flywheel erase --tenant acme --anonymous-id a-9 [--dry-run]
    flywheel erase --tenant acme --user-id u-42 --submit   # for the Dagster job `erasure`
    flywheel retention [--dry-run] [--today 2026-11-22]

Each prints what it touched (counts and lake keys, no ids) and writes an audit
record (flywheel_audit.privacy_jobs). A dry run changes nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json

from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.privacy.jobs import run_erasure, run_retention
from flywheel_pipeline.privacy.requests import submit_request
from flywheel_pipeline.privacy.subjects import Subject
from flywheel_pipeline.settings import Settings


def register(sub) -> None:
    erase = sub.add_parser("erase", help="erase one person everywhere and suppress them")
    erase.add_argument("--tenant", required=True, help="the person's tenant_id")
    who = erase.add_mutually_exclusive_group(required=True)
    who.add_argument("--user-id", help="their user_id (an email is fine)")
    who.add_argument("--anonymous-id", help="their anonymous_id")
    erase.add_argument("--dry-run", action="store_true", help="list what would go, change nothing")
    erase.add_argument(
        "--submit",
        action="store_true",
        help="queue the request for the Dagster job `erasure` instead of running it here",
    )
    erase.set_defaults(func=run_erase)
    retention = sub.add_parser("retention", help="delete data older than the retention policy")
    retention.add_argument("--dry-run", action="store_true", help="list what would go")
    retention.add_argument(
        "--today", type=dt.date.fromisoformat, help="the day the horizons count back from (UTC)"
    )
    retention.set_defaults(func=run_retention_command)


def run_erase(args: argparse.Namespace) -> int:
    subject = Subject(args.tenant, user_id=args.user_id, anonymous_id=args.anonymous_id)
    settings = Settings.from_env()
    if args.submit:
        key = submit_request(Lake.from_settings(settings), subject)
        print(f"queued {key}: launch the Dagster job `erasure` to run it")
        return 0
    record = run_erasure(settings, [subject], dry_run=args.dry_run)
    _print(record, "would erase" if args.dry_run else "erased")
    return 0


def run_retention_command(args: argparse.Namespace) -> int:
    today = args.today or dt.datetime.now(dt.UTC).date()
    record = run_retention(Settings.from_env(), today, dry_run=args.dry_run)
    _print(record, "would delete" if args.dry_run else "deleted")
    return 0


def _print(record, verb: str) -> None:
    """Counts and the number of keys per location; the keys are in the audit record."""
    print(f"{record.job} {record.job_id} ({'dry run' if record.dry_run else 'done'}): {verb}")
    for name, value in sorted(record.touched.items()):
        if isinstance(value, list):
            print(f"  {name}: {len(value)}")
        elif isinstance(value, dict):
            print(f"  {name}: {json.dumps(value, sort_keys=True)}")
        else:
            print(f"  {name}: {value:,} rows" if name.endswith("_rows") else f"  {name}: {value}")
    day = record.started_at.date().isoformat()
    print(
        f"  every key touched: privacy/audit/{day}/{record.job_id}.json in the lake, "
        "and flywheel_audit.privacy_jobs in the warehouse"
    )
