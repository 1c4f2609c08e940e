"""Lake domain: the raw events asset and its row-accounting check."""

from dagster import Definitions

from flywheel_pipeline.defs.lake.assets import raw_events

defs = Definitions(assets=[raw_events])
