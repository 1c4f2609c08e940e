"""Resources every domain uses: the product configuration."""

from __future__ import annotations

from pathlib import Path

from dagster import ConfigurableResource

from flywheel_pipeline.config import ProductConfig


class ProductConfigResource(ConfigurableResource):
    """The product configuration folder (``FLYWHEEL_CONFIG_DIR``, config/*.yml),
    loaded and validated when a step asks for it."""

    directory: str

    def load(self) -> ProductConfig:
        """The validated configuration. Raises ConfigError (one line) when a file is wrong."""
        return ProductConfig.load(Path(self.directory))
