"""Product configuration: typed views of the versioned files under ``config/``.

See ``config/README.md`` for what each file holds. Every loader raises
:class:`ConfigError` naming the file and key when a file is malformed.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from flywheel_pipeline.settings import get_settings


class ConfigError(ValueError):
    """A product configuration file is missing a key or holds a wrong value."""


def _load_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text())
    except FileNotFoundError as exc:
        raise ConfigError(f"{path}: file not found") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    return data


@dataclass(frozen=True)
class EventSpec:
    """One tracking-plan event: required properties and whether it counts as activity."""

    name: str
    required_properties: tuple[str, ...] = ()
    active: bool = True


@dataclass(frozen=True)
class TrackingPlan:
    """The known track events (``config/tracking_plan.yml``)."""

    events: dict[str, EventSpec]
    max_row_bytes: int

    @property
    def inactive_events(self) -> list[str]:
        """Event names marked ``active: false``, sorted."""
        return sorted(name for name, spec in self.events.items() if not spec.active)

    @classmethod
    def load(cls, path: Path) -> TrackingPlan:
        data = _load_yaml(path)
        events = {}
        for name, spec in (data.get("events") or {}).items():
            spec = spec or {}
            required = spec.get("required_properties") or []
            if not isinstance(required, list):
                raise ConfigError(f"{path}: events.{name}.required_properties must be a list")
            events[name] = EventSpec(name, tuple(required), bool(spec.get("active", True)))
        max_row_bytes = data.get("max_row_bytes", 32768)
        if not isinstance(max_row_bytes, int) or max_row_bytes < 1:
            raise ConfigError(f"{path}: max_row_bytes must be a positive integer")
        return cls(events=events, max_row_bytes=max_row_bytes)


@dataclass(frozen=True)
class PiiPolicy:
    """Dotted field paths to hash or drop before raw (``config/pii.yml``)."""

    hash: tuple[str, ...] = ()
    drop: tuple[str, ...] = ()

    @classmethod
    def load(cls, path: Path) -> PiiPolicy:
        data = _load_yaml(path)
        return cls(hash=tuple(data.get("hash") or ()), drop=tuple(data.get("drop") or ()))


@dataclass(frozen=True)
class ColumnMapping:
    """How a tabular file (CSV) maps to the event contract.

    ``columns``: contract field -> column; ``properties``: property -> column;
    ``context``: dotted context path -> column; ``constants``: field -> value.
    """

    columns: dict[str, str] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)
    context: dict[str, str] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ColumnMapping:
        return cls(
            columns=dict(data.get("columns") or {}),
            properties=dict(data.get("properties") or {}),
            context=dict(data.get("context") or {}),
            constants={k: str(v) for k, v in (data.get("constants") or {}).items()},
        )


@dataclass(frozen=True)
class SourceConfig:
    """A landing source (``config/sources.yml``)."""

    name: str
    csv_mapping: ColumnMapping


@dataclass(frozen=True)
class ProjectConfig:
    """Project-wide analytics settings (``config/project.yml``)."""

    timezone: str
    mau_window_days: int


@dataclass(frozen=True)
class ProductConfig:
    """All product configuration files, loaded together."""

    project: ProjectConfig
    tracking_plan: TrackingPlan
    pii: PiiPolicy
    sources: dict[str, SourceConfig]

    @classmethod
    def load(cls, config_dir: Path, timezone_override: str | None = None) -> ProductConfig:
        project = _load_yaml(config_dir / "project.yml")
        sources = _load_yaml(config_dir / "sources.yml").get("sources") or {}
        return cls(
            project=ProjectConfig(
                timezone=timezone_override or project.get("timezone", "UTC"),
                mau_window_days=int(project.get("mau_window_days", 28)),
            ),
            tracking_plan=TrackingPlan.load(config_dir / "tracking_plan.yml"),
            pii=PiiPolicy.load(config_dir / "pii.yml"),
            sources={
                name: SourceConfig(name, ColumnMapping.from_dict(spec.get("csv_mapping") or {}))
                for name, spec in sources.items()
            },
        )


@functools.cache
def get_product_config() -> ProductConfig:
    """The product configuration of this process (config dir from the settings)."""
    settings = get_settings()
    return ProductConfig.load(settings.config_dir, settings.timezone)
