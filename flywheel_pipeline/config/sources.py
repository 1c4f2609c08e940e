"""``config/sources.yml``: the landing sources and how their CSV files map to
the event contract."""

from __future__ import annotations

from typing import Any

from pydantic import StrictStr

from flywheel_pipeline.config.files import StrictModel


class ColumnMapping(StrictModel):
    """How a tabular row maps to the event contract.

    ``columns``: contract field -> column; ``properties``: property -> column;
    ``context``: dotted context path -> column; ``constants``: field -> value.
    """

    columns: dict[StrictStr, StrictStr] = {}
    properties: dict[StrictStr, StrictStr] = {}
    context: dict[StrictStr, StrictStr] = {}
    constants: dict[StrictStr, StrictStr] = {}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ColumnMapping:
        """The mapping keys of ``data``; other keys are ignored (a replay plan
        carries its dataset name beside them)."""
        return cls.model_validate({k: data[k] for k in cls.model_fields if data.get(k)})


class SourceConfig(StrictModel):
    """One landing source."""

    description: StrictStr
    csv_mapping: ColumnMapping = ColumnMapping()


class SourcesFile(StrictModel):
    sources: dict[StrictStr, SourceConfig]
