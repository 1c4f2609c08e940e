"""Product configuration: typed, validated views of the versioned files under
``config/`` (one file per concern, see ``config/README.md``). Every value is
written once, in its file; the models here carry no defaults for settings.

    config = ProductConfig.load(settings.config_dir)   # raises ConfigError (one line)
"""

from flywheel_pipeline.config.files import ConfigError
from flywheel_pipeline.config.funnels import Funnel, FunnelStep
from flywheel_pipeline.config.pii import PiiPolicy
from flywheel_pipeline.config.product import FILES, ProductConfig
from flywheel_pipeline.config.project import ProjectConfig
from flywheel_pipeline.config.segments import SegmentConfig
from flywheel_pipeline.config.sources import ColumnMapping, SourceConfig
from flywheel_pipeline.config.tracking_plan import EventSpec, TrackingPlan

__all__ = [
    "FILES",
    "ColumnMapping",
    "ConfigError",
    "EventSpec",
    "Funnel",
    "FunnelStep",
    "PiiPolicy",
    "ProductConfig",
    "ProjectConfig",
    "SegmentConfig",
    "SourceConfig",
    "TrackingPlan",
]
