"""The flywheel CLI: replay into the configured lake, idempotently; validate; a wrong
setting or a missing step is one line and exit status 2, never a traceback."""

import subprocess
import sys

import pytest

from flywheel_pipeline.cli import main
from flywheel_pipeline.cli.demo import SAMPLE_PLAN
from tests.support import config_copy


def test_replay_command_lands_a_csv_once(flywheel_env, tmp_path, capsys):
    path = tmp_path / "mini.csv"
    path.write_text(
        "user_id,session_id,event,timestamp,platform,acquisition_channel\n"
        "u1,s1,home,2024-03-01 10:00:00,ios,email\n"
    )
    assert main(["replay", str(path), "--plan", str(SAMPLE_PLAN), "--late-share", "0"]) == 0
    assert "1 files written, 0 already there" in capsys.readouterr().out
    assert main(["replay", str(path), "--plan", str(SAMPLE_PLAN), "--late-share", "0"]) == 0
    assert "0 files written, 1 already there" in capsys.readouterr().out
    [landed] = flywheel_env.lake.list_files("landing/events")
    assert landed.key == "landing/events/dt=2024-03-01/replay-ecom-00000.ndjson.gz"


def test_validate_says_what_the_settings_select(flywheel_env, capsys):
    assert main(["validate"]) == 0
    out = capsys.readouterr().out
    assert f"warehouse:  duckdb at {flywheel_env.settings.warehouse.duckdb_path}" in out
    assert "2 funnels" in out and "settings and configuration are valid" in out


@pytest.mark.parametrize(
    ("variable", "value", "expected"),
    [
        ("FLYWHEEL_LAKE_URL", "data/lake", "FLYWHEEL_LAKE_URL='data/lake' is not an absolute"),
        ("FLYWHEEL_DBT_TARGET", "bigquery", "FLYWHEEL_DBT_TARGET='bigquery' is not a warehouse"),
    ],
)
def test_a_wrong_setting_is_one_line_and_exit_2(
    flywheel_env, monkeypatch, capsys, variable, value, expected
):
    monkeypatch.setenv(variable, value)
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"flywheel: {expected}") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        (
            "project.yml",
            "timezone: UTC",
            "timezone: Mars/Olympus",
            "project.yml: timezone: 'Mars/Olympus' is not an IANA time zone name",
        ),
        (
            "segments.yml",
            "  churn_days: 30",
            "  churn_dayz: 30",
            "segments.yml: engagement.churn_dayz: unknown key; did you mean 'churn_days'?",
        ),
    ],
)
def test_a_wrong_config_file_is_one_line_and_exit_2(
    flywheel_env, monkeypatch, capsys, tmp_path, file, old, new, expected
):
    monkeypatch.setenv("FLYWHEEL_CONFIG_DIR", str(config_copy(tmp_path, {file: (old, new)})))
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert expected in err and err.count("\n") == 1


def test_summary_without_a_warehouse_says_how_to_build_it(flywheel_env, capsys):
    assert main(["summary"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("flywheel: no DuckDB warehouse at ") and "make demo" in err
    assert err.count("\n") == 1


def test_unknown_command_exits_2():
    with pytest.raises(SystemExit) as exit_info:
        main(["nope"])
    assert exit_info.value.code == 2


def test_the_command_line_and_the_summary_do_not_import_dagster():
    """`flywheel summary` reads the reporting views through the dbt manifest: it
    starts without Dagster (and without its import time)."""
    code = (
        "import sys, flywheel_pipeline.cli, flywheel_pipeline.reporting.summary;"
        " print(sorted(m for m in sys.modules if m.split('.')[0] in ('dagster', 'dagster_dbt')))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
