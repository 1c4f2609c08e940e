"""Settings: the one reader of the environment; defaults, the warehouse read
through dbt's profile, one-line errors that name the variable and the fix."""

import os
import re
from pathlib import Path

import pytest

from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.settings import (
    DAGSTER_ENV,
    DBT_PROJECT_DIR,
    DEV_PII_KEY,
    PROJECT_ROOT,
    Settings,
    SettingsError,
    child_env,
)

PACKAGE = PROJECT_ROOT / "flywheel_pipeline"


def test_defaults_are_inside_the_project():
    s = Settings.from_env({})
    assert s.lake_url == (PROJECT_ROOT / "data" / "lake").as_uri()
    assert s.warehouse.target == "duckdb"
    assert s.warehouse.duckdb_path == PROJECT_ROOT / "data" / "warehouse" / "flywheel.duckdb"
    assert s.pii_key_is_default and s.secrets_in_env == frozenset()
    assert s.start_date.isoformat() == "2024-01-01"
    assert s.config_dir == PROJECT_ROOT / "config"


def test_the_warehouse_is_what_dbts_profile_renders():
    s = Settings.from_env(
        {
            "FLYWHEEL_DBT_TARGET": "postgres",
            "PGHOST": "/tmp/pg",
            "PGPORT": "5433",
            "PGUSER": "a",
            "FLYWHEEL_PII_KEY": KEY,
        }
    )
    wh = s.warehouse
    assert (wh.target, wh.pg_host, wh.pg_port, wh.pg_user) == ("postgres", "/tmp/pg", 5433, "a")
    assert wh.pg_database == "flywheel"  # profiles.yml's default
    assert wh.postgres_uri == "postgresql://a@/flywheel?host=%2Ftmp%2Fpg&port=5433"


def test_an_s3_lake_goes_through_pyarrow_s3():
    s = Settings.from_env(
        {
            "FLYWHEEL_LAKE_URL": "s3://bucket/some/prefix/",
            "FLYWHEEL_S3_ENDPOINT": "http://127.0.0.1:9000",
            "AWS_ACCESS_KEY_ID": "k",
            "AWS_SECRET_ACCESS_KEY": "s",
            "FLYWHEEL_PII_KEY": KEY,
        }
    )
    lake = Lake.from_settings(s)
    assert lake.root == "bucket/some/prefix" and not lake.is_local
    assert lake.path("raw/x.parquet") == "bucket/some/prefix/raw/x.parquet"


@pytest.mark.parametrize(
    ("name", "value", "fix"),
    [
        ("FLYWHEEL_LAKE_URL", "data/lake", "file:///absolute/path"),
        ("FLYWHEEL_LAKE_URL", "file://data/lake", "file:///absolute/path"),
        ("FLYWHEEL_LAKE_URL", "ftp://x", "s3://bucket/prefix"),
        ("FLYWHEEL_START_DATE", "March", "YYYY-MM-DD"),
        ("FLYWHEEL_BATCH_ROWS", "0", "positive integer"),
        ("FLYWHEEL_CONFIG_DIR", "config", "absolute path"),
        ("FLYWHEEL_CONFIG_DIR", "/nonexistent/config", "config folder"),
        ("FLYWHEEL_DUCKDB_PATH", "data/warehouse.duckdb", "absolute path"),
        ("FLYWHEEL_DBT_TARGET", "snowflake", "duckdb, postgres"),
        ("PGPORT", "five", "5432"),
    ],
)
def test_a_wrong_value_is_one_line_naming_the_variable_and_the_fix(name, value, fix):
    with pytest.raises(SettingsError) as error:
        Settings.from_env({name: value})
    message = str(error.value)
    assert message.startswith(f"{name}={value!r}") and fix in message and "\n" not in message


def test_only_secrets_set_in_the_process_environment_become_env_vars(monkeypatch):
    monkeypatch.setenv("FLYWHEEL_PII_KEY", KEY)
    monkeypatch.delenv("PGPASSWORD", raising=False)
    assert Settings.from_env().secrets_in_env == {"FLYWHEEL_PII_KEY"}
    # a mapping is not the process environment: Dagster could not read it back
    assert Settings.from_env({"FLYWHEEL_PII_KEY": KEY}).secrets_in_env == frozenset()


KEY = "0123456789abcdef0123456789abcdef"  # 32 bytes


@pytest.mark.parametrize(
    ("env", "message"),
    [
        # the development key outside development (S3 lake, or PostgreSQL)
        ({"FLYWHEEL_LAKE_URL": "s3://bucket/lake"}, "FLYWHEEL_PII_KEY is unset"),
        ({"FLYWHEEL_DBT_TARGET": "postgres"}, "FLYWHEEL_PII_KEY is unset"),
        (
            {"FLYWHEEL_DBT_TARGET": "postgres", "FLYWHEEL_PII_KEY": DEV_PII_KEY},
            "FLYWHEEL_PII_KEY is the development key",
        ),
        ({"FLYWHEEL_PII_KEY": "short-key"}, "FLYWHEEL_PII_KEY is 9 bytes, too short"),
    ],
)
def test_the_pii_key_is_refused_outside_development_or_when_short(env, message):
    with pytest.raises(SettingsError) as error:
        Settings.from_env(env)
    assert str(error.value).startswith(message) and "openssl rand -hex 32" in str(error.value)


def test_the_development_key_serves_a_local_lake_with_duckdb():
    settings = Settings.from_env({})
    assert settings.pii_key == DEV_PII_KEY and settings.pii_key_is_default
    assert Settings.from_env({"FLYWHEEL_PII_KEY": KEY}).pii_key == KEY


def test_child_processes_get_dagsters_switches_and_the_environment_is_untouched():
    before = dict(os.environ)
    env = child_env({"DAGSTER_HOME": "/tmp/x"})
    assert env["DAGSTER_HOME"] == "/tmp/x" and DAGSTER_ENV.items() <= env.items()
    assert dict(os.environ) == before


def python_sources() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def test_no_module_writes_the_environment_and_only_settings_reads_it():
    for path in python_sources():
        text = path.read_text()
        assert not re.search(
            r"os\.environ\[[^]]+\]\s*=|os\.environ\.(update|setdefault|pop)|"
            r"os\.putenv|os\.unsetenv",
            text,
        ), path
        if path.name != "settings.py":
            assert not re.search(r"os\.environ|os\.getenv|getenv\(", text), path


def test_the_profile_is_the_one_home_of_the_warehouse_defaults():
    """settings.py renders profiles.yml instead of repeating its defaults."""
    profile = (DBT_PROJECT_DIR / "profiles.yml").read_text()
    settings_source = (PACKAGE / "settings.py").read_text()
    for default in ("'127.0.0.1'", "'5432'", "'postgres'", "'flywheel'", "flywheel.duckdb'"):
        assert default in profile
    assert '127.0.0.1"' not in settings_source and '"5432"' not in settings_source
