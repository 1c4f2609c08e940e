"""The dbt project as Dagster sees it (its own module: `dagster-dbt project
prepare-and-package --file` imports it before any manifest exists)."""

from dagster_dbt import DbtProject

from flywheel_pipeline.settings import DBT_PROJECT_DIR

# No fixed target: profiles.yml takes it from FLYWHEEL_DBT_TARGET when dbt runs.
flywheel_dbt_project = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)
flywheel_dbt_project.prepare_if_dev()
