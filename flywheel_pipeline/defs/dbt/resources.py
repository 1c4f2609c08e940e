"""The dbt CLI resource: dagster-dbt's, minus two start-up costs Flywheel has no use for.

Every dbt step of a run pays them otherwise (measured here: about 3 s and 1.4 s):

- the dbt version, which dagster-dbt gets by running ``dbt --version`` in a
  subprocess once per resource instance (so once per step process): Flywheel
  runs the dbt installed beside this Python, so the installed dbt-core
  package's version is the same answer;
- an in-process dbt adapter, which dagster-dbt builds for every invocation only
  to fetch column metadata and row counts (``fetch_column_metadata``,
  ``fetch_row_counts``), which Flywheel does not use; dagster-dbt treats a
  missing adapter as "nothing to fetch".

Both override private members of dagster-dbt 0.29 (pinned);
tests/unit/test_dbt_resource.py fails if an upgrade changes them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from importlib.metadata import version as package_version

from dagster_dbt import DbtCliResource
from packaging import version


class FlywheelDbtCliResource(DbtCliResource):
    """``DbtCliResource`` for the dbt-core installed beside this Python."""

    @cached_property
    def _cli_version(self) -> version.Version:
        return version.parse(package_version("dbt-core"))

    def _initialize_dbt_core_adapter(self, args: Sequence[str]):
        return None
