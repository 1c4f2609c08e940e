"""tests/support.MODEL_KEYS lists every dbt model, so the engine and incremental
comparisons cover each one."""

from flywheel_pipeline.settings import DBT_PROJECT_DIR
from tests.support import MODEL_KEYS


def test_every_model_has_a_comparison_key():
    models = {path.stem for path in (DBT_PROJECT_DIR / "models").rglob("*.sql")}
    assert {name.split(".")[1] for name in MODEL_KEYS} == models
