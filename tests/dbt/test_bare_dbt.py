"""dbt run by hand without Flywheel's vars fails at parse time, saying how to
pass them: the product settings have one home (config/*.yml), not a second
copy in dbt_project.yml."""

import subprocess

from flywheel_pipeline.settings import DBT_PROJECT_DIR
from flywheel_pipeline.transform.runner import dbt_executable


def test_a_bare_dbt_parse_names_the_missing_var_and_the_fix(tmp_path):
    done = subprocess.run(
        [dbt_executable(), "parse", "--target-path", str(tmp_path), "--log-path", str(tmp_path)],
        cwd=DBT_PROJECT_DIR,
        capture_output=True,
        text=True,
    )
    assert done.returncode != 0
    assert "dbt var '" in done.stdout and "is not set" in done.stdout
    assert "`flywheel dbt <command>" in done.stdout and "flywheel dbt-vars" in done.stdout
