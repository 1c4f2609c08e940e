"""Run configuration of the dbt assets (set in the Dagster launchpad)."""

from dagster import Config
from pydantic import Field


class DbtConfig(Config):
    """``full_refresh: true`` rebuilds every selected incremental model from all of
    history (``dbt build --full-refresh``, no arrival-day window): after a change
    to config/*.yml, or to start over. docs/operations.md, "Rebuild history"."""

    full_refresh: bool = Field(
        default=False,
        description="Rebuild the selected incremental models from all arrival days.",
    )
