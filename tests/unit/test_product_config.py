"""config/*.yml: the shipped files load into typed models; a mistake is one line
naming the file, the key and the fix; every setting is written once."""

import typing

import pytest
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from flywheel_pipeline.config import ConfigError, ProductConfig, ProjectConfig, SegmentConfig
from flywheel_pipeline.settings import PROJECT_ROOT
from tests.support import config_copy


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
    assert config.sources["events"].csv_mapping.columns["message_id"] == "message_id"


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        (
            "funnels.yml",
            "event: add_to_cart}",
            "event: add_to_kart}",
            "funnels[0].steps[1].event: 'add_to_kart' is not in the tracking plan",
        ),
        (
            "funnels.yml",
            "breakdowns: [platform]\n",
            "breakdowns: [plan]\n",
            "funnels[1].breakdowns[0]: input should be 'platform' or 'acquisition_channel'",
        ),
        (
            "funnels.yml",
            "name: search_to_cart",
            "name: checkout",
            "funnels: the name 'checkout' is used twice",
        ),
        (
            "funnels.yml",
            "{name: browse, event: product_view}",
            "{name: browse, evnt: product_view}",
            "funnels[0].steps[0].evnt: unknown key; did you mean 'event'?",
        ),
        (
            "funnels.yml",
            "event: add_to_cart}",
            'event: "add_to_cart\\u0000"}',
            "without control characters",
        ),
        ("project.yml", "week_start: monday", "week_start: lundi", "week_start: input should be"),
        (
            "project.yml",
            "timezone: UTC",
            "timezone: Europe/Pariss",
            "timezone: 'Europe/Pariss' is not an IANA time zone name",
        ),
        (
            "project.yml",
            "session_timeout_minutes: 30",
            "session_timeout_minute: 30",
            "session_timeout_minute: unknown key; did you mean 'session_timeout_minutes'?",
        ),
        (
            "project.yml",
            "timeout_minutes: 30",
            "timeout_minutes: 1440",
            "session_timeout_minutes: input should be less than 1440",
        ),
        (
            "project.yml",
            "mau_window_days: 28",
            'mau_window_days: "28"',
            "mau_window_days: input should be a valid integer",
        ),
        ("project.yml", "mau_window_days: 28", "mau_window_days: [28", "fix the YAML syntax"),
        ("segments.yml", "at_risk_ratio: 0.5", "at_risk_ratio: 2", "engagement.at_risk_ratio"),
        (
            "segments.yml",
            "events: [support_chat]",
            "events: [chat]",
            "feature_segments[2].events[0]: 'chat' is not in the tracking plan",
        ),
    ],
)
def test_a_mistake_is_one_line_naming_the_file_and_key(tmp_path, file, old, new, message):
    with pytest.raises(ConfigError) as error:
        ProductConfig.load(config_copy(tmp_path, {file: (old, new)}))
    text = str(error.value)
    assert text.startswith(str(tmp_path / "config" / file) + ": "), text
    assert message in text and "\n" not in text, text


def test_a_missing_file_names_it(tmp_path):
    directory = config_copy(tmp_path)
    (directory / "segments.yml").unlink()
    with pytest.raises(ConfigError, match=r"segments\.yml: file not found"):
        ProductConfig.load(directory)


def required_everywhere(model: type[BaseModel]) -> list[str]:
    """Fields of ``model`` and its nested models that carry a default value."""
    defaulted = []
    for name, field in model.model_fields.items():
        if field.default is not PydanticUndefined:
            defaulted.append(f"{model.__name__}.{name}")
        for arg in (field.annotation, *typing.get_args(field.annotation)):
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                defaulted += required_everywhere(arg)
    return defaulted


@pytest.mark.parametrize("model", [ProjectConfig, SegmentConfig])
def test_settings_have_no_default_in_code(model):
    """Every tunable number of project.yml and segments.yml is written once, in its
    file (the models require it; only optional lists default to empty)."""
    assert [f for f in required_everywhere(model) if not f.endswith("feature_segments")] == []
