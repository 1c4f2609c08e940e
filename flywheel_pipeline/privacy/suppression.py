"""The suppression list: ids whose future events ingest drops (Segment's
"delete and suppress"), kept in the lake as keyed hashes only.

``privacy/suppression.json`` holds ``{"hashes": [<subject_hash>, ...]}``; an
erasure adds every id it erased. At ingest, :class:`IngestGate` stamps the
default tenant on rows that carry none and drops the rows whose user_id or
anonymous_id is suppressed for their tenant (counted as ``suppressed`` in the
partition's row accounting).
"""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.compute as pc

from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.privacy.subjects import subject_hash

SUPPRESSION_KEY = "privacy/suppression.json"


def read_suppression(lake: Lake) -> frozenset[str]:
    """The suppressed subject hashes (empty when no erasure ran)."""
    if not lake.exists(SUPPRESSION_KEY):
        return frozenset()
    return frozenset(json.loads(lake.read_bytes(SUPPRESSION_KEY))["hashes"])


def add_suppression(lake: Lake, hashes: set[str]) -> None:
    """Add ``hashes`` to the list (written whole, atomically)."""
    merged = sorted(read_suppression(lake) | hashes)
    lake.write_bytes_atomic(SUPPRESSION_KEY, json.dumps({"hashes": merged}, indent=1).encode())


class IngestGate:
    """What every accepted batch passes before raw: the default tenant stamped,
    suppressed subjects dropped."""

    def __init__(self, default_tenant: str, suppressed: frozenset[str], pii_key: bytes) -> None:
        self.default_tenant, self.suppressed, self.pii_key = default_tenant, suppressed, pii_key

    def apply(self, table: pa.Table) -> tuple[pa.Table, int]:
        """``table`` with tenant_id filled and suppressed rows removed, and how
        many rows were removed. Hashes each distinct (tenant, id) of the batch
        once, and only when the list is not empty."""
        tenant = pc.fill_null(table["tenant_id"], self.default_tenant)
        table = table.set_column(table.schema.get_field_index("tenant_id"), "tenant_id", tenant)
        if not self.suppressed or table.num_rows == 0:
            return table, 0
        drop = pa.array([False] * table.num_rows)
        for name in ("user_id", "anonymous_id"):
            pairs = pa.Table.from_arrays([tenant, table[name]], ["t", "i"])
            distinct = pairs.group_by(["t", "i"]).aggregate([]).to_pylist()
            hit = [
                (row["t"], row["i"])
                for row in distinct
                if row["i"] is not None
                and subject_hash(row["t"], row["i"], self.pii_key) in self.suppressed
            ]
            for t, i in hit:
                same = pc.fill_null(pc.equal(table[name], i), False)
                drop = pc.or_(drop, pc.and_(pc.equal(tenant, t), same))
        dropped = pc.sum(pc.cast(drop, pa.int64())).as_py() or 0
        return (table.filter(pc.invert(drop)), dropped) if dropped else (table, 0)
