"""How dbt resources appear in Dagster.

Asset groups follow the folder that holds the model: ``staging``,
``intermediate``, and one group per marts domain (``models/marts/<domain>/``:
core, metrics, sessions, funnels, retention, lifecycle, segments). dbt
sources map to the Dagster asset that produces them through
``meta.dagster.asset_key`` in the sources YAML (the default translator reads it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from dagster import AssetSpec
from dagster_dbt import DagsterDbtTranslator, DbtProject


class FlywheelDbtTranslator(DagsterDbtTranslator):
    """Default translation, with the group taken from the model's folder."""

    def get_asset_spec(
        self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None
    ) -> AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props.get("resource_type") == "model":
            # fqn: [project, <layer folder>, ..., <folder>, model name]
            fqn = props.get("fqn") or []
            if len(fqn) > 2:
                spec = spec.replace_attributes(group_name=fqn[-2])
        return spec
