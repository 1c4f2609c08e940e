"""Erasure of people on request (docs/privacy.md "Erasure"), after Segment's
"delete and suppress" and PostHog's person deletion.

For each subject (tenant + user_id or anonymous_id) the job:

1. closes the id set over identity: every anonymous_id seen with the user_id
   in raw, and every user_id seen with those, within the tenant;
2. rewrites every raw partition without the subject's rows and its
   quarantine without the records whose kept line holds an id as a JSON
   string, or whose message quotes one (atomic swap);
3. rewrites the landing files that hold their rows (ids in clear there);
4. rewrites the exports (``exports/**.parquet``) that hold their rows;
5. deletes their rows from the warehouse's raw tables (and retractions),
   then rebuilds every model from raw (dbt build --full-refresh), so the
   marts equal a fresh build without them and the identity map forgets them;
6. adds the ids' keyed hashes to the suppression list, so their later
   events are dropped at ingest;
7. writes an audit record that holds no PII.

A dry run does 1 and counts 2-4, changing nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from flywheel_pipeline.config import ProductConfig
from flywheel_pipeline.lake.layout import raw_prefix
from flywheel_pipeline.lake.partition import read_manifest
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.privacy.audit import (
    AuditRecord,
    WarehouseOpener,
    run_statements,
    write_audit,
)
from flywheel_pipeline.privacy.landing_rewrite import IdFields, rewrite_landing_file
from flywheel_pipeline.privacy.partition_rewrite import partition_days, rewrite_partition
from flywheel_pipeline.privacy.subjects import Subject, raw_id_form, subject_hash
from flywheel_pipeline.privacy.suppression import add_suppression
from flywheel_pipeline.warehouse.base import sql_string

EXPORTS_PREFIX = "exports"
ID_COLUMNS = ("user_id", "anonymous_id", "user_key")


@dataclass(frozen=True)
class ErasedIds:
    """The ids of one subject as raw stores them, closed over identity."""

    tenant_id: str
    ids: frozenset[str]


def close_over_identity(
    lake: Lake, config: ProductConfig, subjects: list[Subject], pii_key: bytes
) -> list[ErasedIds]:
    """Each subject's ids and those linked to them in raw (same tenant), to a
    fixpoint; one scan of the raw id columns per round for all subjects."""
    default = config.tenants.default_tenant
    ids = [frozenset(s.raw_ids(pii_key)) for s in subjects]
    while True:
        found = [set(i) for i in ids]
        for source in config.sources:
            for day in partition_days(lake, source):
                for table in _raw_id_columns(lake, source, day):
                    for subject, known, more in zip(subjects, ids, found, strict=True):
                        hits = table.filter(_rows_of(table, subject.tenant_id, known, default))
                        for name in ("user_id", "anonymous_id"):
                            more |= {v for v in hits[name].to_pylist() if v is not None}
        if all(more == known for more, known in zip(found, ids, strict=True)):
            return [ErasedIds(s.tenant_id, i) for s, i in zip(subjects, ids, strict=True)]
        ids = [frozenset(more) for more in found]


def erase(
    lake: Lake,
    warehouse: WarehouseOpener,
    config: ProductConfig,
    subjects: Iterable[Subject],
    pii_key: bytes,
    record: AuditRecord,
    rebuild,
) -> AuditRecord:
    """Erase ``subjects`` everywhere (or count, when ``record.dry_run``);
    ``rebuild()`` rebuilds the dbt models from raw. Returns the audit record,
    written to the lake and the warehouse."""
    default = config.tenants.default_tenant
    touched = record.touched
    erased = close_over_identity(lake, config, list(subjects), pii_key)
    record.subjects = sorted(subject_hash(e.tenant_id, i, pii_key) for e in erased for i in e.ids)
    record.tenant_id = ",".join(sorted({e.tenant_id for e in erased})) or None
    needles = tuple(sorted({i for e in erased for i in e.ids}))
    landing_needles = tuple(f'"{n}"' for n in needles)  # in a line that does not parse

    def raw_rows(table: pa.Table):
        mask = pa.array([False] * table.num_rows)
        for e in erased:
            mask = pc.or_(mask, _rows_of(table, e.tenant_id, e.ids, default))
        return mask

    def quarantine_rows(table: pa.Table):
        # an id as a JSON string in the kept line, or quoted in the message: a
        # bare substring would also take other people's records ("bob" in "bobby")
        mask = pa.array([False] * table.num_rows)
        for column, quoted in (("raw_record", ('"{}"',)), ("message", ("'{}'", '"{}"'))):
            text = pc.fill_null(table[column], "")
            for needle in needles:
                for form in quoted:
                    mask = pc.or_(mask, pc.match_substring(text, form.format(needle)))
        return mask

    def landing_rows(fields: IdFields) -> bool:
        tenant = fields["tenant_id"] or default
        return any(
            tenant == e.tenant_id
            and any(
                fields[f] is not None and raw_id_form(fields[f], pii_key) in e.ids
                for f in ("user_id", "anonymous_id")
            )
            for e in erased
        )

    for source, source_config in config.sources.items():
        for day in partition_days(lake, source):
            done = rewrite_partition(
                lake, source, day, raw_rows, quarantine_rows, dry_run=record.dry_run
            )
            if done.changed:
                _add(touched, "raw_rows", done.raw_rows)
                _add(touched, "quarantine_rows", done.quarantine_rows)
                touched.setdefault("partitions", []).append(done.prefix)
        for obj in lake.list_files(f"landing/{source}"):
            removed = rewrite_landing_file(
                lake,
                obj.key,
                landing_rows,
                landing_needles,
                source_config.csv_mapping,
                dry_run=record.dry_run,
            )
            if removed:
                _add(touched, "landing_rows", removed)
                touched.setdefault("landing_files", []).append(obj.key)
    for obj in lake.list_files(EXPORTS_PREFIX):
        if obj.key.endswith(".parquet"):
            removed = _rewrite_export(lake, obj.key, erased, default, record.dry_run)
            if removed:
                _add(touched, "export_rows", removed)
                touched.setdefault("export_files", []).append(obj.key)
    if not record.dry_run:
        touched["warehouse_rows"] = _erase_warehouse(warehouse, config, erased, default)
        rebuild()
        add_suppression(lake, set(record.subjects))
    write_audit(lake, warehouse, record)
    return record


def _raw_id_columns(lake: Lake, source: str, day: str) -> Iterable[pa.Table]:
    """The id columns of each committed raw file of a partition."""
    manifest = read_manifest(lake, raw_prefix(source, day))
    for key in manifest["raw_files"] if manifest else []:
        with lake.open_file(key) as handle:
            yield pq.read_table(handle, columns=["tenant_id", "user_id", "anonymous_id"])


def _rows_of(table: pa.Table, tenant: str, ids: frozenset[str], default: str):
    """Mask of the rows of ``tenant`` whose user_id or anonymous_id is in ``ids``."""
    values = pa.array(sorted(ids), pa.string())
    tenants = pc.fill_null(table["tenant_id"], default)
    hit = pc.or_(
        pc.fill_null(pc.is_in(table["user_id"], values), False),
        pc.fill_null(pc.is_in(table["anonymous_id"], values), False),
    )
    return pc.and_(pc.equal(tenants, tenant), hit)


def _rewrite_export(
    lake: Lake, key: str, erased: list[ErasedIds], default: str, dry_run: bool
) -> int:
    with lake.open_file(key) as handle:
        table = pq.read_table(handle)
    columns = [c for c in ID_COLUMNS if c in table.column_names]
    if not columns:
        return 0
    tenants = (
        pc.fill_null(table["tenant_id"], default) if "tenant_id" in table.column_names else None
    )
    mask = pa.array([False] * table.num_rows)
    for e in erased:
        values = pa.array(sorted(e.ids | {f"anon:{i}" for i in e.ids}), pa.string())
        hit = pa.array([False] * table.num_rows)
        for column in columns:
            hit = pc.or_(
                hit, pc.fill_null(pc.is_in(pc.cast(table[column], pa.string()), values), False)
            )
        if tenants is not None:
            hit = pc.and_(hit, pc.equal(tenants, e.tenant_id))
        mask = pc.or_(mask, hit)
    removed = pc.sum(pc.cast(mask, pa.int64())).as_py() or 0
    if removed and not dry_run:
        out = pa.BufferOutputStream()
        pq.write_table(table.filter(pc.invert(mask)), out)
        lake.write_bytes_atomic(key, out.getvalue().to_pybytes())
    return removed


def _erase_warehouse(
    warehouse: WarehouseOpener, config: ProductConfig, erased: list[ErasedIds], default: str
) -> int:
    """Delete the subjects' rows from every raw table and its retractions."""
    statements = []
    for source in config.sources:
        for table in (f"raw.{source}", f"raw.{source}_retracted"):
            for e in erased:
                ids = ", ".join(sql_string(i) for i in sorted(e.ids))
                statements.append(
                    f"delete from {table}"
                    f" where coalesce(tenant_id, {sql_string(default)}) = {sql_string(e.tenant_id)}"
                    f" and (user_id in ({ids}) or anonymous_id in ({ids}))"
                )
    return sum(max(n, 0) for n in run_statements(warehouse, statements))


def _add(touched: dict, name: str, count: int) -> None:
    touched[name] = touched.get(name, 0) + count
