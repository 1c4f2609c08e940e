"""Flywheel: a product-analytics pipeline (Dagster code location + dbt project)."""
