"""``flywheel summary``: the lake's row accounting and the reporting views."""

from __future__ import annotations

import argparse

from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.reporting.reports import load_reports
from flywheel_pipeline.reporting.summary import render_summary
from flywheel_pipeline.settings import Settings
from flywheel_pipeline.transform.runner import MANIFEST_PATH
from flywheel_pipeline.warehouse import open_warehouse


def register(sub) -> None:
    sub.add_parser("summary", help="rows per layer and the headline metrics").set_defaults(func=run)


def run(_: argparse.Namespace) -> int:
    settings = Settings.from_env()
    reports = load_reports(MANIFEST_PATH)
    warehouse = open_warehouse(settings.warehouse, read_only=True)
    try:
        print(render_summary(Lake.from_settings(settings), warehouse, reports))
    finally:
        warehouse.close()
    return 0
