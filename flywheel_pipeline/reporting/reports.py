"""The reporting views declared in the dbt manifest, and their rows as markdown.

A reporting view is a dbt model with ``meta.flywheel_report`` (see
``dbt_project/models/reporting/_reporting__models.yml`` for the keys). Its
relation, column order, labels and formats all come from the manifest, so a
renamed model or column breaks at dbt parse time, not here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from flywheel_pipeline.reporting.render import format_value, markdown_table


class ManifestNotFoundError(FileNotFoundError):
    """The dbt manifest has not been written (``flywheel dbt parse`` writes it)."""


class Fetcher(Protocol):
    def fetch(self, sql: str) -> list[tuple]: ...


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    format: str | None
    hidden: bool


@dataclass(frozen=True)
class Report:
    """One reporting view: where it is and how it is shown."""

    model: str
    relation: str
    title: str
    columns: tuple[Column, ...]
    order_by: str
    summary_order: int | None = None
    preview_of: str | None = None
    preview_name: str | None = None

    @property
    def sql(self) -> str:
        """The query of its rows (every documented column, in order)."""
        names = ", ".join(c.name for c in self.columns)
        return f"select {names} from {self.relation} order by {self.order_by}"

    def render(self, rows: list[tuple]) -> str:
        """``rows`` (of :attr:`sql`) as a markdown table, hidden columns left out."""
        shown = [i for i, c in enumerate(self.columns) if not c.hidden]
        return markdown_table(
            [self.columns[i].label for i in shown],
            [[format_value(row[i], self.columns[i].format) for i in shown] for row in rows],
        )

    def fetch_markdown(self, warehouse: Fetcher) -> str:
        return self.render(warehouse.fetch(self.sql))


def _column(name: str, column: dict[str, Any]) -> Column:
    meta = (column.get("config") or {}).get("meta") or column.get("meta") or {}
    return Column(name, meta.get("label", name), meta.get("format"), bool(meta.get("hidden")))


def _report(node: dict[str, Any]) -> Report:
    meta = node["config"]["meta"]["flywheel_report"]
    columns = tuple(_column(name, column) for name, column in node["columns"].items())
    return Report(
        model=node["name"],
        relation=f"{node['schema']}.{node['alias']}",
        title=meta["title"],
        columns=columns,
        order_by=meta["order_by"],
        summary_order=meta.get("summary_order"),
        preview_of=meta.get("preview_of"),
        preview_name=meta.get("preview_name"),
    )


def load_reports(manifest_path: Path) -> list[Report]:
    """Every reporting view of the manifest, in summary order then by name.

    Raises:
        ManifestNotFoundError: no manifest at ``manifest_path``.
    """
    if not manifest_path.exists():
        raise ManifestNotFoundError(
            f"no dbt manifest at {manifest_path}: run `flywheel dbt parse` (make demo does)"
        )
    nodes = json.loads(manifest_path.read_text())["nodes"].values()
    reports = [
        _report(node)
        for node in nodes
        if node["resource_type"] == "model"
        and "flywheel_report" in (node["config"].get("meta") or {})
    ]
    return sorted(reports, key=lambda r: (r.summary_order is None, r.summary_order or 0, r.model))
