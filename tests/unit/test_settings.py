"""Settings: defaults, S3 selection, and errors that name the variable."""

import pytest

from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.settings import PROJECT_ROOT, Settings, SettingsError


def test_defaults_are_inside_the_project():
    s = Settings.from_env({})
    assert s.lake_url == (PROJECT_ROOT / "data" / "lake").as_uri()
    assert s.duckdb_path == PROJECT_ROOT / "data" / "warehouse" / "flywheel.duckdb"
    assert s.dbt_target == "duckdb" and s.pii_key_is_default
    assert s.start_date.isoformat() == "2024-01-01"


def test_an_s3_lake_goes_through_pyarrow_s3():
    s = Settings.from_env(
        {
            "FLYWHEEL_LAKE_URL": "s3://bucket/some/prefix/",
            "FLYWHEEL_S3_ENDPOINT": "http://127.0.0.1:9000",
            "AWS_ACCESS_KEY_ID": "k",
            "AWS_SECRET_ACCESS_KEY": "s",
        }
    )
    lake = Lake.from_settings(s)
    assert lake.root == "bucket/some/prefix" and not lake.is_local
    assert lake.path("raw/x.parquet") == "bucket/some/prefix/raw/x.parquet"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("FLYWHEEL_LAKE_URL", "ftp://x"),
        ("FLYWHEEL_START_DATE", "March"),
        ("FLYWHEEL_BATCH_ROWS", "0"),
    ],
)
def test_bad_values_name_the_variable(name, value):
    with pytest.raises(SettingsError, match=name):
        Settings.from_env({name: value})
