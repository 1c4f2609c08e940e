"""The demo's closing summary: rows per layer, engagement and sessions for a few
dates, each funnel's steps, and D1/D7/D30 retention.

Reads the lake manifests and the warehouse; computes nothing itself (the
numbers come from the dbt models).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flywheel_pipeline.defs.dbt.previews import FUNNEL_STEPS_SQL, funnel_steps_table
from flywheel_pipeline.defs.metadata import markdown_table
from flywheel_pipeline.ingest.layout import EVENTS_SOURCE
from flywheel_pipeline.lake.partition import MANIFEST_NAME, read_manifest
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.warehouse import Warehouse

COUNTED = ("rows_read", "rows_written", "rows_quarantined", "duplicates")
WAREHOUSE_TABLES = (
    "raw.events",
    "staging.stg_events",
    "marts.fct_events",
    "marts.fct_user_daily",
    "marts.dim_users",
    "marts.metrics_daily",
    "marts.fct_sessions",
    "marts.fct_funnel_progress",
    "marts.retention_cohorts",
    "intermediate.int_user_segment_days",
)


@dataclass
class Summary:
    lake_counts: dict[str, int]
    table_rows: dict[str, int]
    engagement: list[tuple]
    funnels: list[tuple]
    retention: tuple | None

    def render(self) -> str:
        lake = markdown_table(list(self.lake_counts), [list(self.lake_counts.values())])
        tables = markdown_table(["table", "rows"], [[k, v] for k, v in self.table_rows.items()])
        metrics = markdown_table(
            ["date", "DAU", "WAU", "MAU", "DAU/MAU", "new users", "events", "sessions", "per user"],
            [
                [d, dau, wau, mau, f"{ratio:.3f}", new, ev, ses, _num(per_user, ".2f")]
                for d, dau, wau, mau, ratio, new, ev, ses, per_user in self.engagement
            ],
        )
        d1, d7, d30, *_ = self.retention or (None, None, None)
        retention = markdown_table(
            ["D1", "D7", "D30"], [[_num(d1, ".1%"), _num(d7, ".1%"), _num(d30, ".1%")]]
        )
        funnels = funnel_steps_table(self.funnels)
        return (
            f"Lake (all raw partitions):\n{lake}\n\nWarehouse:\n{tables}\n\n"
            f"Engagement and sessions (marts.metrics_daily):\n{metrics}\n\n"
            f"Funnels, every entry date (marts.funnel_overview):\n{funnels}\n\n"
            f"Retention over all daily cohorts (marts.retention_summary):\n{retention}"
        )


def _num(value: float | None, spec: str) -> str:
    return "" if value is None else format(value, spec)


def lake_counts(lake: Lake, source: str = EVENTS_SOURCE) -> dict[str, int]:
    """Sums of the raw partition manifests' row accounting."""
    totals = dict.fromkeys(COUNTED, 0) | {"partitions": 0}
    for obj in lake.list_files(f"raw/{source}"):
        if obj.key.endswith(f"/{MANIFEST_NAME}"):
            manifest = read_manifest(lake, obj.key.rsplit("/", 1)[0])
            totals["partitions"] += 1
            for name in COUNTED:
                totals[name] += manifest[name]
    return totals


def summarize(lake: Lake, warehouse: Warehouse, dates: int = 4) -> Summary:
    """Counts per layer and metrics for ``dates`` dates spread over the complete range."""
    rows = {name: warehouse.count_rows(name) for name in WAREHOUSE_TABLES}
    metrics = warehouse.fetch(
        "select metric_date, dau, wau, mau, dau_mau_ratio, new_users, events, sessions,"
        " sessions_per_user from marts.metrics_daily where is_complete order by metric_date"
    )
    all_days = [r[0] for r in metrics]
    picks: list[dt.date] = []
    if all_days:
        step = max(len(all_days) // dates, 1)
        picks = sorted(
            {all_days[min(i * step + step - 1, len(all_days) - 1)] for i in range(dates)}
        )
    engagement = [r for r in metrics if r[0] in picks]
    funnels = warehouse.fetch(FUNNEL_STEPS_SQL)
    retention = warehouse.fetch(
        "select d1_retention, d7_retention, d30_retention, d1_cohort_users, d7_cohort_users,"
        " d30_cohort_users from marts.retention_summary where range_type = 'all'"
    )
    return Summary(
        lake_counts(lake),
        rows,
        engagement,
        funnels,
        retention[0] if retention else None,
    )
