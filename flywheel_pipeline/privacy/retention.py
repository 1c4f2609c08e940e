"""The retention policy (config/tenants.yml ``retention``; docs/privacy.md
"Retention"): data whose arrival day is older than its horizon is deleted
from landing, raw, quarantine, exports and the warehouse, and the models are
rebuilt from what is kept.

A row's horizon is ``today - months`` (calendar months, UTC) with months from
its tenant's ``retention_months``, else its source's, else the default. Rows
of several tenants share a partition: a partition past every horizon goes
whole, one past some tenants' horizons is rewritten without their rows.
Quarantine records and exports name no tenant reliably, so they go at the
shortest horizon of the source. No aggregate is kept past a horizon: the
marts are rebuilt from the kept raw rows (a fresh build of the kept data).
A dry run lists what would go and changes nothing.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.lake.layout import arrival_day_of
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.privacy.audit import (
    AuditRecord,
    WarehouseOpener,
    run_statements,
    write_audit,
)
from flywheel_pipeline.privacy.landing_rewrite import IdFields, rewrite_landing_file
from flywheel_pipeline.privacy.partition_rewrite import partition_days, rewrite_partition
from flywheel_pipeline.warehouse.base import sql_string

EXPORTS_PREFIX = "exports"


def months_before(day: dt.date, months: int) -> dt.date:
    """``day`` minus ``months`` calendar months (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


class Horizons:
    """The first kept arrival day of each tenant of one source."""

    def __init__(self, config: ProductConfig, source: str, today: dt.date) -> None:
        tenants = config.tenants
        self.default = tenants.default_tenant
        self.configured = {
            t: months_before(today, tenants.months_for(source, t)) for t in tenants.tenant_ids
        }
        months = tenants.retention.sources.get(source, tenants.retention.months)
        self.others = months_before(today, months)  # tenants not listed in tenants.yml
        # the latest horizon (shortest retention) and the earliest (longest retention)
        self.shortest = max([self.others, *self.configured.values()])
        self.longest = min([self.others, *self.configured.values()])

    def expired(self, day: dt.date) -> tuple[set[str], bool]:
        """(configured tenants past their horizon on ``day``, others past theirs)."""
        return {t for t, h in self.configured.items() if day < h}, day < self.others

    def rows(self, day: dt.date) -> Callable[[pa.Table], pa.Array] | None:
        """The raw rows of ``day`` past their tenant's horizon, or None when none are."""
        expired, others = self.expired(day)
        if not expired and not others:
            return None
        configured = pa.array(sorted(self.configured), pa.string())
        gone = pa.array(sorted(expired), pa.string())

        def mask(table: pa.Table) -> pa.Array:
            tenants = pc.fill_null(table["tenant_id"], self.default)
            hit = pc.is_in(tenants, gone)
            if others:
                hit = pc.or_(hit, pc.invert(pc.is_in(tenants, configured)))
            return hit

        return mask


def _every_row(table: pa.Table) -> pa.Array:
    return pa.array([True] * table.num_rows)


def apply_retention(
    lake: Lake,
    warehouse: WarehouseOpener,
    config: ProductConfig,
    today: dt.date,
    record: AuditRecord,
    rebuild,
) -> AuditRecord:
    """Delete everything past its horizon (or list it, when ``record.dry_run``);
    ``rebuild()`` rebuilds the dbt models from raw. Returns the audit record,
    written to the lake and the warehouse."""
    touched = record.touched
    statements: list[str] = []
    for source, source_config in config.sources.items():
        horizons = Horizons(config, source, today)
        touched.setdefault("horizons", {})[source] = {
            **{t: h.isoformat() for t, h in sorted(horizons.configured.items())},
            "(other tenants)": horizons.others.isoformat(),
        }
        for day_text in partition_days(lake, source):
            day = dt.date.fromisoformat(day_text)
            raw_rows = horizons.rows(day)
            quarantine_rows = _every_row if day < horizons.shortest else None
            if raw_rows is None and quarantine_rows is None:
                continue
            done = rewrite_partition(
                lake, source, day_text, raw_rows, quarantine_rows, dry_run=record.dry_run
            )
            if done.changed:
                touched["raw_rows"] = touched.get("raw_rows", 0) + done.raw_rows
                touched["quarantine_rows"] = (
                    touched.get("quarantine_rows", 0) + done.quarantine_rows
                )
                touched.setdefault("partitions", []).append(done.prefix)
        for obj in lake.list_files(f"landing/{source}"):
            day_text = arrival_day_of(obj.key)
            if day_text is None:
                continue
            day = dt.date.fromisoformat(day_text)
            expired, others = horizons.expired(day)
            if not expired and not others:
                continue

            if day < horizons.longest:  # past every horizon: the whole file goes
                touched.setdefault("landing_files", []).append(obj.key)
                if not record.dry_run:
                    lake.delete(obj.key)
                continue

            def landing_rows(fields: IdFields, expired=expired, others=others, h=horizons) -> bool:
                tenant = fields["tenant_id"] or h.default
                return tenant in expired or (others and tenant not in h.configured)

            removed = rewrite_landing_file(
                lake, obj.key, landing_rows, (), source_config.csv_mapping, dry_run=record.dry_run
            )
            if removed:
                touched["landing_rows"] = touched.get("landing_rows", 0) + removed
                touched.setdefault("landing_files", []).append(obj.key)
        for tenant, horizon in [*horizons.configured.items(), (None, horizons.others)]:
            where = (
                f"coalesce(tenant_id, {sql_string(horizons.default)}) = {sql_string(tenant)}"
                if tenant is not None
                else "coalesce(tenant_id, {d}) not in ({c})".format(
                    d=sql_string(horizons.default),
                    c=", ".join(sql_string(t) for t in sorted(horizons.configured)),
                )
            )
            for table in (f"raw.{source}", f"raw.{source}_retracted"):
                statements.append(
                    f"delete from {table} where {where}"
                    f" and _arrival_date < cast({sql_string(horizon.isoformat())} as date)"
                )
    shortest = min(Horizons(config, s, today).shortest for s in config.sources)
    for obj in lake.list_files(EXPORTS_PREFIX):
        day_text = arrival_day_of(obj.key)
        if day_text and dt.date.fromisoformat(day_text) < shortest:
            touched.setdefault("export_files", []).append(obj.key)
            if not record.dry_run:
                lake.delete(obj.key)
    if not record.dry_run:
        touched["warehouse_rows"] = sum(max(n, 0) for n in run_statements(warehouse, statements))
        rebuild()
    write_audit(lake, warehouse, record)
    return record
