"""The dbt resource skips dagster-dbt's `dbt --version` subprocess and its unused
in-process adapter; it must still give the version dbt itself reports, and the
private members it overrides must still exist in dagster-dbt."""

import inspect
import re
import subprocess

from dagster_dbt import DbtCliResource

from flywheel_pipeline.defs.dbt.resources import FlywheelDbtCliResource
from flywheel_pipeline.settings import DBT_PROJECT_DIR
from flywheel_pipeline.transform.runner import dbt_executable


def test_the_version_is_the_one_dbt_reports():
    resource = FlywheelDbtCliResource(
        project_dir=str(DBT_PROJECT_DIR), dbt_executable=dbt_executable()
    )
    reported = subprocess.run([dbt_executable(), "--version"], capture_output=True, text=True)
    core = re.search(r"installed:\s*(\d+\.\d+\.\d+)", reported.stdout)
    assert core and str(resource._cli_version) == core.group(1)
    assert resource._initialize_dbt_core_adapter(["build"]) is None


def test_the_overridden_members_are_still_what_dagster_dbt_calls():
    source = inspect.getsource(DbtCliResource.cli)
    assert "self._cli_version" in source
    assert "self._initialize_dbt_core_adapter(" in source
