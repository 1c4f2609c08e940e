"""Reports: the reporting views are found in the dbt manifest with their titles,
column labels and formats, and render as the markdown the demo prints."""

import datetime as dt
import decimal

from flywheel_pipeline.reporting.render import format_value, markdown_table
from flywheel_pipeline.reporting.reports import load_reports
from flywheel_pipeline.transform.runner import MANIFEST_PATH


def test_values_render_with_their_format():
    assert format_value(None, ".1%") == ""
    assert format_value(0.8244, ".1%") == "82.4%"
    assert format_value(decimal.Decimal("163877.4"), ".0f") == "163877"
    assert format_value(dt.date(2024, 3, 1)) == "2024-03-01"
    assert format_value(-2.34, "+.1f") == "-2.3"
    assert markdown_table(["a", "b"], [[1, "x|y"]]) == "| a | b |\n|---|---|\n| 1 | x\\|y |"


def test_the_summary_reports_come_from_the_manifest_in_order():
    reports = load_reports(MANIFEST_PATH)
    summary = [r.model for r in reports if r.summary_order is not None]
    assert summary == [
        "rpt_row_counts",
        "rpt_engagement_sample_dates",
        "rpt_funnel_steps",
        "rpt_retention_headline",
    ]
    previews = {r.preview_of: r.preview_name for r in reports if r.preview_of}
    assert previews == {
        "funnel_overview": "funnel_steps",
        "retention_cohorts": "retention_triangle_head",
        "segment_distribution_daily": "distribution",
        "key_metrics": "key_metrics",
    }


def test_a_report_renders_labels_formats_and_hides_hidden_columns():
    [funnels] = [r for r in load_reports(MANIFEST_PATH) if r.model == "rpt_funnel_steps"]
    assert funnels.relation == "reporting.rpt_funnel_steps"
    assert funnels.sql.startswith(
        "select tenant_id, funnel_name, step_number, step_name, users_reached"
    )
    row = ("acme", "checkout", 2, "cart", 493, 0.8244, 0.8244, 612.6)
    assert funnels.render([row]).splitlines() == [
        "| tenant | funnel | step | name | users | from step 1 | from previous | median s |",
        "|---|---|---|---|---|---|---|---|",
        "| acme | checkout | 2 | cart | 493 | 82.4% | 82.4% | 613 |",
    ]
    [counts] = [r for r in load_reports(MANIFEST_PATH) if r.model == "rpt_row_counts"]
    assert counts.render([("acme", 0, "raw.events", 5)]).splitlines()[0] == (
        "| tenant | table | rows |"
    )
