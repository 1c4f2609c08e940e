"""sqlfluff (dbt templater) over the dbt project, with the product settings as
dbt vars: the project holds no copy of them, so sqlfluff gets the same vars as
every Flywheel run (transform.dbt_vars). `make lint` runs it against an empty
warehouse, so the result does not depend on local data (incremental branches
are linted as full builds).

    python -m scripts.lint_sql [paths...]      # default: models macros tests
"""

from __future__ import annotations

import os
import sys

from sqlfluff.core import FluffConfig, Linter
from sqlfluff.core.config.loader import load_config_up_to_path
from sqlfluff.core.helpers.dict import nested_combine

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.settings import DBT_PROJECT_DIR, Settings
from flywheel_pipeline.transform.dbt_vars import dbt_vars


def main(paths: list[str]) -> int:
    settings = Settings.from_env()
    values = dbt_vars(ProductConfig.load(settings.config_dir))
    os.chdir(DBT_PROJECT_DIR)  # the templater's project_dir and profiles_dir are "."
    dbt = {"context": values, "target": settings.warehouse.target}
    config = FluffConfig(
        configs=nested_combine(load_config_up_to_path("."), {"templater": {"dbt": dbt}})
    )
    result = Linter(config=config).lint_paths(tuple(paths or ("models", "macros", "tests")))
    problems = 0
    for record in result.as_records():
        for violation in record["violations"]:
            problems += 1
            print(
                f"{record['filepath']}:{violation['start_line_no']}:{violation['start_line_pos']}:"
                f" {violation['code']} {violation['description']}"
            )
    print(f"sqlfluff: {len(result.as_records())} files, {problems} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
