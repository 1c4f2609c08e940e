"""The Flywheel code location (``dagster dev``, ``dagster api grpc -m
flywheel_pipeline.definitions``). Loaded lazily: the settings are read when
Dagster loads the location, not when this module is imported."""

import dagster as dg

from flywheel_pipeline.defs.build import build_definitions
from flywheel_pipeline.settings import Settings


@dg.definitions
def defs() -> dg.Definitions:
    return build_definitions(Settings.from_env())
