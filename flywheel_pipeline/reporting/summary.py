"""``flywheel summary``: rows per layer of the lake, then every reporting view
with a ``summary_order`` (warehouse row counts, engagement on a few dates,
funnels, retention). Computes nothing itself: the numbers come from the lake
manifests and the dbt models."""

from __future__ import annotations

from flywheel_pipeline.lake.layout import EVENTS_SOURCE, RAW, source_prefix
from flywheel_pipeline.lake.partition import MANIFEST_NAME, read_manifest
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.reporting.render import markdown_table
from flywheel_pipeline.reporting.reports import Fetcher, Report

COUNTED = ("rows_read", "rows_written", "rows_quarantined", "duplicates", "suppressed")


def lake_counts(lake: Lake, source: str = EVENTS_SOURCE) -> dict[str, int]:
    """Sums of the committed raw partition manifests' row accounting, and the
    number of partitions."""
    totals = dict.fromkeys(COUNTED, 0) | {"partitions": 0}
    for obj in lake.list_files(source_prefix(RAW, source)):
        if obj.key.endswith(f"/{MANIFEST_NAME}"):
            manifest = read_manifest(lake, obj.key.rsplit("/", 1)[0])
            totals["partitions"] += 1
            for name in COUNTED:
                totals[name] += manifest.get(name, 0)
    return totals


def render_summary(lake: Lake, warehouse: Fetcher, reports: list[Report]) -> str:
    """The summary text: the lake's counts, then each summary report in order."""
    counts = lake_counts(lake)
    sections = [
        f"Lake (all raw partitions):\n{markdown_table(list(counts), [list(counts.values())])}"
    ]
    for report in reports:
        if report.summary_order is not None:
            sections.append(f"{report.title}\n{report.fetch_markdown(warehouse)}")
    return "\n\n".join(sections)
