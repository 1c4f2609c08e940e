"""After the sample runs on DuckDB (local lake) and on PostgreSQL (S3 lake), every
model is identical row for row; floating columns equal within 1e-9 (relative)."""

import math

import pytest

from tests.integration.test_sample_against_pandas import build_sample

# every dbt model, with its key (the row order used for the comparison)
MODELS = {
    "staging.stg_events": "message_id",
    "intermediate.int_identity_map": "anonymous_id",
    "intermediate.int_active_users_daily": "metric_date",
    "marts.fct_events": "message_id",
    "marts.fct_user_daily": "user_key, event_date",
    "marts.dim_users": "user_key",
    "marts.metrics_daily": "metric_date",
}
FLOAT_TOLERANCE = 1e-9


def same(a, b) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        return a is not None and b is not None and math.isclose(a, b, rel_tol=FLOAT_TOLERANCE)
    return a == b


@pytest.mark.parametrize(("model", "key"), MODELS.items())
def test_models_are_identical_on_duckdb_and_postgres(model, key, request, tmp_path_factory):
    duck, _ = build_sample("duckdb-local", request, tmp_path_factory)
    pg, _ = build_sample("postgres-s3", request, tmp_path_factory)
    left = duck.query(f"select * from {model} order by {key}")
    right = pg.query(f"select * from {model} order by {key}")
    assert len(left) == len(right)
    # every user of the sample is identified, so no anonymous id is ever linked
    assert left or model == "intermediate.int_identity_map"
    # lineage columns (source_file) are keys relative to the lake root: equal on both
    for row_left, row_right in zip(left, right, strict=True):
        assert len(row_left) == len(row_right)
        assert all(same(a, b) for a, b in zip(row_left, row_right, strict=True)), (
            row_left,
            row_right,
        )
