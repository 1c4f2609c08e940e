"""Assembles the code location from the settings: the one place where settings
become partitions, resources and the dbt project (configuration flows one way:
environment -> settings -> typed resources)."""

from __future__ import annotations

from dagster import Definitions, in_process_executor

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.defs.automation.definitions import build_automation_defs
from flywheel_pipeline.defs.dbt.definitions import build_dbt_defs
from flywheel_pipeline.defs.dbt.project import flywheel_dbt_project
from flywheel_pipeline.defs.lake.definitions import build_lake_defs
from flywheel_pipeline.defs.partitions import arrival_day_partitions
from flywheel_pipeline.defs.privacy.definitions import build_privacy_defs
from flywheel_pipeline.defs.resources import build_resources
from flywheel_pipeline.defs.warehouse.definitions import build_warehouse_defs
from flywheel_pipeline.settings import Settings
from flywheel_pipeline.transform.commands import parse_args


def build_definitions(settings: Settings) -> Definitions:
    """Every asset, check, job, schedule, sensor and resource for ``settings``.

    The product configuration is validated here, so a wrong config file shows
    as a load error of the code location (one line naming file and key).

    Raises:
        ConfigError: a product configuration file is wrong.
    """
    config = ProductConfig.load(settings.config_dir)
    partitions = arrival_day_partitions(settings.start_date)
    target = settings.warehouse.target
    project = flywheel_dbt_project(target, tuple(parse_args(config)))
    return Definitions.merge(
        build_lake_defs(partitions),
        build_warehouse_defs(partitions, target),
        build_dbt_defs(project, partitions),
        build_automation_defs(partitions),
        build_privacy_defs(config),
        # Steps run in the run's own process: the warehouse steps run one at a time
        # anyway (pool "warehouse"), so a process per step only added its start-up
        # (about 6 s a step: imports, loading these definitions, resources).
        Definitions(resources=build_resources(settings, project), executor=in_process_executor),
    )
