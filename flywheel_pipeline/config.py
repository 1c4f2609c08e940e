"""Product configuration: typed views of the versioned files under ``config/``.

See ``config/README.md`` for what each file holds. Every loader raises
:class:`ConfigError` naming the file and key when a file is malformed.
"""

from __future__ import annotations

import functools
import re
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


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RETENTION_GRAINS = ("day", "week", "month")
FUNNEL_BREAKDOWNS = ("platform", "acquisition_channel")
_IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


def _positive_int(path: Path, key: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigError(f"{path}: {key} must be a positive integer, got {value!r}")
    return value


def _identifier(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str) or not _IDENTIFIER.match(value):
        raise ConfigError(f"{path}: {key} must be a snake_case identifier, got {value!r}")
    return value


@dataclass(frozen=True)
class ProjectConfig:
    """Project-wide analytics settings (``config/project.yml``).

    ``week_start_isodow``: ISO day number (1 = Monday .. 7 = Sunday) on which
    weeks start. ``session_timeout_minutes``: a gap strictly greater starts a
    new session (metrics.md "Sessions"); under a day.
    """

    timezone: str
    mau_window_days: int
    week_start_isodow: int = 1
    session_timeout_minutes: int = 30
    retention_max_periods: dict[str, int] = field(
        default_factory=lambda: {"day": 90, "week": 26, "month": 12}
    )
    key_metrics_days: int = 7

    @classmethod
    def load(cls, path: Path, timezone_override: str | None = None) -> ProjectConfig:
        data = _load_yaml(path)
        week_start = str(data.get("week_start", "monday")).lower()
        if week_start not in WEEKDAYS:
            raise ConfigError(f"{path}: week_start must be one of {', '.join(WEEKDAYS)}")
        timeout = _positive_int(
            path, "session_timeout_minutes", data.get("session_timeout_minutes", 30)
        )
        if timeout >= 24 * 60:
            raise ConfigError(f"{path}: session_timeout_minutes must be under a day (1440)")
        periods = data.get("retention_max_periods") or {}
        if set(periods) != set(RETENTION_GRAINS):
            raise ConfigError(f"{path}: retention_max_periods needs exactly day, week, month")
        return cls(
            timezone=timezone_override or data.get("timezone", "UTC"),
            mau_window_days=_positive_int(path, "mau_window_days", data.get("mau_window_days", 28)),
            week_start_isodow=WEEKDAYS.index(week_start) + 1,
            session_timeout_minutes=timeout,
            retention_max_periods={
                g: _positive_int(path, f"retention_max_periods.{g}", periods[g])
                for g in RETENTION_GRAINS
            },
            key_metrics_days=_positive_int(
                path, "key_metrics_days", data.get("key_metrics_days", 7)
            ),
        )


@dataclass(frozen=True)
class FunnelStep:
    """One funnel step: a track event, optionally filtered by property values."""

    name: str
    event: str
    properties: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Funnel:
    """An ordered funnel (``config/funnels.yml``, metrics.md "Funnels")."""

    name: str
    description: str
    conversion_window_days: int
    breakdowns: tuple[str, ...]
    steps: tuple[FunnelStep, ...]

    def as_dbt_var(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "conversion_window_days": self.conversion_window_days,
            "breakdowns": list(self.breakdowns),
            "steps": [
                {"name": s.name, "event": s.event, "properties": dict(s.properties)}
                for s in self.steps
            ],
        }


def load_funnels(path: Path, known_events: set[str]) -> tuple[Funnel, ...]:
    """The funnels of ``config/funnels.yml``.

    Raises ConfigError naming the file and key for an unknown event (not in the
    tracking plan), an unknown breakdown, fewer than two steps or a duplicate name.
    """
    funnels: list[Funnel] = []
    for i, spec in enumerate(_load_yaml(path).get("funnels") or []):
        where = f"funnels[{i}]"
        name = _identifier(path, f"{where}.name", spec.get("name"))
        if name in {f.name for f in funnels}:
            raise ConfigError(f"{path}: {where}.name {name!r} is used twice")
        steps = []
        for j, step in enumerate(spec.get("steps") or []):
            if step.get("event") not in known_events:
                raise ConfigError(
                    f"{path}: {where}.steps[{j}].event {step.get('event')!r}"
                    " is not in the tracking plan"
                )
            props = {str(k): str(v) for k, v in (step.get("properties") or {}).items()}
            steps.append(FunnelStep(str(step.get("name") or step["event"]), step["event"], props))
        if len(steps) < 2:
            raise ConfigError(f"{path}: {where}.steps needs at least two steps")
        breakdowns = tuple(spec.get("breakdowns") or ())
        for b in breakdowns:
            if b not in FUNNEL_BREAKDOWNS:
                allowed = ", ".join(FUNNEL_BREAKDOWNS)
                raise ConfigError(f"{path}: {where}.breakdowns: {b!r} is not one of {allowed}")
        window = _positive_int(
            path, f"{where}.conversion_window_days", spec.get("conversion_window_days", 14)
        )
        funnels.append(
            Funnel(name, str(spec.get("description", "")), window, breakdowns, tuple(steps))
        )
    return tuple(funnels)


@dataclass(frozen=True)
class SegmentConfig:
    """Segment thresholds (``config/segments.yml``, metrics.md "Segments"), as dbt reads them."""

    values: dict[str, Any]

    @classmethod
    def load(cls, path: Path, known_events: set[str]) -> SegmentConfig:
        data = _load_yaml(path)
        engagement = data.get("engagement") or {}
        for key in (
            "churn_days",
            "at_risk_half_days",
            "at_risk_min_earlier_days",
            "activity_days",
            "power_user_min_days",
            "active_user_min_days",
            "regular_user_min_days",
        ):
            _positive_int(path, f"engagement.{key}", engagement.get(key))
        ratio = engagement.get("at_risk_ratio")
        if not isinstance(ratio, int | float) or not 0 < ratio <= 1:
            raise ConfigError(f"{path}: engagement.at_risk_ratio must be in (0, 1]")
        features = []
        for i, spec in enumerate(data.get("feature_segments") or []):
            where = f"feature_segments[{i}]"
            for event in spec.get("events") or []:
                if event not in known_events:
                    raise ConfigError(
                        f"{path}: {where}.events: {event!r} is not in the tracking plan"
                    )
            features.append(
                {
                    "name": _identifier(path, f"{where}.name", spec.get("name")),
                    "events": list(spec.get("events") or []),
                    "min_events": _positive_int(
                        path, f"{where}.min_events", spec.get("min_events")
                    ),
                    "window_days": _positive_int(
                        path, f"{where}.window_days", spec.get("window_days")
                    ),
                }
            )
        values = {
            "engagement": dict(engagement),
            "new_user_days": _positive_int(path, "new_user_days", data.get("new_user_days")),
            "conversion_events": list(data.get("conversion_events") or []),
            "feature_segments": features,
        }
        return cls(values)


@dataclass(frozen=True)
class ProductConfig:
    """All product configuration files, loaded together."""

    project: ProjectConfig
    tracking_plan: TrackingPlan
    pii: PiiPolicy
    sources: dict[str, SourceConfig]
    funnels: tuple[Funnel, ...] = ()
    segments: SegmentConfig = field(default_factory=lambda: SegmentConfig({}))

    @classmethod
    def load(cls, config_dir: Path, timezone_override: str | None = None) -> ProductConfig:
        sources = _load_yaml(config_dir / "sources.yml").get("sources") or {}
        plan = TrackingPlan.load(config_dir / "tracking_plan.yml")
        known = set(plan.events)
        return cls(
            project=ProjectConfig.load(config_dir / "project.yml", timezone_override),
            tracking_plan=plan,
            pii=PiiPolicy.load(config_dir / "pii.yml"),
            sources={
                name: SourceConfig(name, ColumnMapping.from_dict(spec.get("csv_mapping") or {}))
                for name, spec in sources.items()
            },
            funnels=load_funnels(config_dir / "funnels.yml", known),
            segments=SegmentConfig.load(config_dir / "segments.yml", known),
        )


@functools.cache
def get_product_config() -> ProductConfig:
    """The product configuration of this process (config dir from the settings)."""
    settings = get_settings()
    return ProductConfig.load(settings.config_dir, settings.timezone)
