"""Small table previews attached to the materializations of a few dbt models.

After ``dbt build`` finishes, the dbt asset reads the first rows of these models
and adds them to the model's materialization metadata as markdown, so a data
engineer sees the funnel steps, the head of the weekly retention triangle and
today's segment distribution in the Dagster UI without opening a SQL client.
The queries only select from the models; the numbers are computed by dbt.
"""

from __future__ import annotations

from collections.abc import Callable

from dagster import AssetKey, MetadataValue

from flywheel_pipeline.defs.metadata import markdown_table
from flywheel_pipeline.warehouse import Warehouse

RETENTION_HEAD_COHORTS = 8
RETENTION_HEAD_PERIODS = 8


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.1f}%"


FUNNEL_STEPS_SQL = (
    "select funnel_name, step_number, step_name, users_reached, conversion_from_start,"
    " conversion_from_previous, median_seconds_from_entry"
    " from marts.funnel_overview order by funnel_name, step_number"
)


def funnel_steps_table(rows: list[tuple]) -> str:
    """Markdown of FUNNEL_STEPS_SQL's rows."""
    return markdown_table(
        ["funnel", "step", "name", "users", "from step 1", "from previous", "median s"],
        [
            [f, n, name, users, _pct(start), _pct(prev), "" if med is None else f"{med:.0f}"]
            for f, n, name, users, start, prev, med in rows
        ],
    )


def funnel_steps(warehouse: Warehouse) -> str:
    """Every funnel's steps over all entry dates (marts.funnel_overview)."""
    return funnel_steps_table(warehouse.fetch(FUNNEL_STEPS_SQL))


def retention_triangle_head(warehouse: Warehouse) -> str:
    """Weekly cohorts (latest first), retention on week N in percent; empty when censored."""
    rows = warehouse.fetch(
        "select cohort_start, cohort_size, period_number, retention_on"
        " from marts.retention_cohorts where cohort_grain = 'week'"
        f" and period_number < {RETENTION_HEAD_PERIODS} order by cohort_start desc, period_number"
    )
    cohorts: dict = {}
    for start, size, n, rate in rows:
        cohorts.setdefault((start, size), {})[n] = rate
    head = list(cohorts.items())[:RETENTION_HEAD_COHORTS]
    return markdown_table(
        ["cohort week", "users", *[f"W{n}" for n in range(RETENTION_HEAD_PERIODS)]],
        [
            [start, size, *[_pct(rates.get(n)) for n in range(RETENTION_HEAD_PERIODS)]]
            for (start, size), rates in head
        ],
    )


def segment_distribution(warehouse: Warehouse) -> str:
    """Users per segment on the latest date (marts.segment_distribution_daily)."""
    rows = warehouse.fetch(
        "select as_of_date, segment_type, segment, users, share"
        " from marts.segment_distribution_daily"
        " where as_of_date = (select max(as_of_date) from marts.segment_distribution_daily)"
        " order by segment_type, users desc, segment"
    )
    return markdown_table(
        ["as of", "type", "segment", "users", "share"],
        [[d, t, s, u, _pct(share)] for d, t, s, u, share in rows],
    )


def key_metrics(warehouse: Warehouse) -> str:
    """The last N complete days against the N before (marts.key_metrics)."""
    rows = warehouse.fetch(
        "select metric_name, current_value, previous_value, change_pct"
        " from marts.key_metrics order by metric_order, metric_name"
    )

    def num(v: float | None) -> str:
        return "" if v is None else f"{v:.4g}"

    return markdown_table(
        ["metric", "current", "previous", "change %"],
        [[m, num(c), num(p), "" if ch is None else f"{ch:+.1f}"] for m, c, p, ch in rows],
    )


PREVIEWS: dict[AssetKey, tuple[str, Callable[[Warehouse], str]]] = {
    AssetKey(["marts", "funnel_overview"]): ("funnel_steps", funnel_steps),
    AssetKey(["marts", "retention_cohorts"]): ("retention_triangle_head", retention_triangle_head),
    AssetKey(["marts", "segment_distribution_daily"]): ("distribution", segment_distribution),
    AssetKey(["marts", "key_metrics"]): ("key_metrics", key_metrics),
}


def preview_metadata(warehouse: Warehouse, key: AssetKey) -> dict[str, MetadataValue]:
    """The preview of ``key`` as materialization metadata ({} for other assets)."""
    if key not in PREVIEWS:
        return {}
    name, render = PREVIEWS[key]
    return {name: MetadataValue.md(render(warehouse))}
