"""dbt domain: the dbt models (with their tests as asset checks) and the dbt resource."""

from dagster import Definitions
from dagster_dbt import DbtCliResource

from flywheel_pipeline.defs.dbt.assets import flywheel_dbt_models
from flywheel_pipeline.defs.dbt.project import flywheel_dbt_project

defs = Definitions(
    assets=[flywheel_dbt_models],
    resources={"dbt": DbtCliResource(project_dir=flywheel_dbt_project)},
)
