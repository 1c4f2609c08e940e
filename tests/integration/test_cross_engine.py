"""After the sample runs on DuckDB (local lake) and on PostgreSQL (S3 lake), every
model is identical row for row; floating columns equal within 1e-9 (relative)."""

import pytest

from tests.integration.test_sample_against_pandas import build_sample
from tests.support import MODEL_KEYS, assert_same_rows, comparison_sql

# one build per session, shared by the tests of this group (pytest-xdist)
pytestmark = pytest.mark.xdist_group("sample")


@pytest.mark.parametrize(("model", "key"), MODEL_KEYS.items())
def test_models_are_identical_on_duckdb_and_postgres(model, key, request, tmp_path_factory):
    duck, _ = build_sample("duckdb-local", request, tmp_path_factory)
    pg, _ = build_sample("postgres-s3", request, tmp_path_factory)
    left = duck.query(comparison_sql(duck, model))
    right = pg.query(comparison_sql(pg, model))
    # every user of the sample is identified, so no anonymous id is ever linked
    assert left or model == "intermediate.int_identity_map"
    # lineage columns (source_file) are keys relative to the lake root: equal on both
    assert_same_rows(left, right, model)
