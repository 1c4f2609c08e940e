"""All product configuration files of one folder, loaded and cross-checked together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flywheel_pipeline.config.files import ConfigError, load_model
from flywheel_pipeline.config.funnels import Funnel, FunnelsFile
from flywheel_pipeline.config.pii import PiiPolicy
from flywheel_pipeline.config.project import ProjectConfig
from flywheel_pipeline.config.segments import SegmentConfig
from flywheel_pipeline.config.sources import SourceConfig, SourcesFile
from flywheel_pipeline.config.tenants import TenantsFile
from flywheel_pipeline.config.tracking_plan import TrackingPlan

FILES = {
    "project": "project.yml",
    "tracking_plan": "tracking_plan.yml",
    "pii": "pii.yml",
    "sources": "sources.yml",
    "funnels": "funnels.yml",
    "segments": "segments.yml",
    "tenants": "tenants.yml",
}
"""The file of each concern, relative to the config folder (config/README.md)."""


@dataclass(frozen=True)
class ProductConfig:
    """The product configuration of one folder (``FLYWHEEL_CONFIG_DIR``)."""

    directory: Path
    project: ProjectConfig
    tracking_plan: TrackingPlan
    pii: PiiPolicy
    sources: dict[str, SourceConfig]
    funnels: tuple[Funnel, ...]
    segments: SegmentConfig
    tenants: TenantsFile

    @classmethod
    def load(cls, directory: Path) -> ProductConfig:
        """Load and validate every file of ``directory``.

        Raises:
            ConfigError: one line naming the file, the key and the fix: a missing
                file or key, an unknown key (a typo), a value of the wrong type,
                or an event that is not in the tracking plan.
        """
        plan = load_model(directory / FILES["tracking_plan"], TrackingPlan)
        config = cls(
            directory=directory,
            project=load_model(directory / FILES["project"], ProjectConfig),
            tracking_plan=plan,
            pii=load_model(directory / FILES["pii"], PiiPolicy),
            sources=dict(load_model(directory / FILES["sources"], SourcesFile).sources),
            funnels=load_model(directory / FILES["funnels"], FunnelsFile).funnels,
            segments=load_model(directory / FILES["segments"], SegmentConfig),
            tenants=load_model(directory / FILES["tenants"], TenantsFile),
        )
        config._check_events_are_tracked()
        return config

    def _check_events_are_tracked(self) -> None:
        known = set(self.tracking_plan.events)
        uses = (
            [
                (FILES["funnels"], f"funnels[{i}].steps[{j}].event", step.event)
                for i, funnel in enumerate(self.funnels)
                for j, step in enumerate(funnel.steps)
            ]
            + [
                (FILES["tenants"], f"tenants.{tenant}.funnels[{i}].steps[{j}].event", step.event)
                for tenant, settings in self.tenants.tenants.items()
                for i, funnel in enumerate(settings.funnels)
                for j, step in enumerate(funnel.steps)
            ]
            + [
                (FILES["segments"], f"feature_segments[{i}].events[{j}]", event)
                for i, segment in enumerate(self.segments.feature_segments)
                for j, event in enumerate(segment.events)
            ]
        )
        for file, key, event in uses:
            if event not in known:
                raise ConfigError(
                    f"{self.directory / file}: {key}: {event!r} is not in the tracking plan; "
                    f"fix the name or add the event to {FILES['tracking_plan']}"
                )
