"""config/*.yml loaders: the shipped files load, and mistakes name the file and key."""

import re
import shutil

import pytest

from flywheel_pipeline.config import ConfigError, ProductConfig
from flywheel_pipeline.settings import PROJECT_ROOT


@pytest.fixture
def config_dir(tmp_path):
    target = tmp_path / "config"
    shutil.copytree(PROJECT_ROOT / "config", target)
    return target


def test_the_shipped_configuration_loads():
    config = ProductConfig.load(PROJECT_ROOT / "config")
    assert config.project.session_timeout_minutes == 30
    assert config.project.week_start_isodow == 1  # monday
    assert [f.name for f in config.funnels] == ["checkout", "search_to_cart"]
    assert [s.name for s in config.funnels[0].steps] == [
        "browse",
        "cart",
        "shipping",
        "payment",
        "purchase",
    ]


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("funnels.yml", "event: add_to_cart}", "event: add_to_kart}", "steps[1].event"),
        ("funnels.yml", "breakdowns: [platform]", "breakdowns: [plan]", "breakdowns: 'plan'"),
        ("funnels.yml", "name: search_to_cart", "name: checkout", "is used twice"),
        ("project.yml", "week_start: monday", "week_start: lundi", "week_start must be"),
        ("project.yml", "timeout_minutes: 30", "timeout_minutes: 1440", "under a day"),
        ("segments.yml", "at_risk_ratio: 0.5", "at_risk_ratio: 2", "at_risk_ratio"),
        ("segments.yml", "events: [support_chat]", "events: [chat]", "feature_segments[2].events"),
    ],
)
def test_a_mistake_names_the_file_and_key(config_dir, file, old, new, message):
    path = config_dir / file
    assert old in path.read_text()
    path.write_text(path.read_text().replace(old, new))
    with pytest.raises(ConfigError, match=rf"{file}: .*{re.escape(message)}"):
        ProductConfig.load(config_dir)
