"""The dbt project as Dagster sees it: explicit target, and a manifest parsed
with the product settings as vars (the project has no defaults for them)."""

from __future__ import annotations

import functools

from dagster_dbt import DbtProject

from flywheel_pipeline.settings import DBT_PROJECT_DIR


@functools.cache
def flywheel_dbt_project(target: str, parse_args: tuple[str, ...]) -> DbtProject:
    """The project for ``target``; ``parse_args`` (transform.commands.parse_args)
    write its manifest. Under ``dagster dev`` the manifest is re-parsed on load;
    elsewhere it is parsed once when missing (``flywheel dbt parse`` does it
    ahead of time, as the Docker image does). Cached per arguments: the same
    inputs give the same project."""
    project = DbtProject(
        project_dir=DBT_PROJECT_DIR,
        profiles_dir=DBT_PROJECT_DIR,
        target=target,
        prepare_project_cli_args=list(parse_args),
    )
    project.prepare_if_dev()
    if not project.manifest_path.exists():
        project.preparer.prepare(project)
    return project
