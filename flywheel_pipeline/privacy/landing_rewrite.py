"""Removing rows from landing files as they arrived (NDJSON, Segment batch
files, CSV with its mapping, parquet; gzip, bz2 or zstd kept), for erasure and retention
(docs/privacy.md).

Landing files hold events before PII hashing, so an erased person's email can
sit there in clear: a row goes when ``remove`` says so of its contract fields
(user_id, anonymous_id, tenant_id, whatever the spelling: ``userId`` too). A
line that does not parse goes when it contains one of ``needles`` at all.
The file is replaced in one atomic write; a file left empty is deleted.
Memory holds one file (landing files are the collector's batches).
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
from collections.abc import Callable
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import zstandard

from flywheel_pipeline.config import ColumnMapping
from flywheel_pipeline.contract.exact_json import dumps_exact, exact_loads
from flywheel_pipeline.contract.validation import FIELD_ALIASES, as_id
from flywheel_pipeline.lake.read_batch import Batch, parse_batch
from flywheel_pipeline.lake.readers import landing_format
from flywheel_pipeline.lake.storage import Lake

IdFields = dict[str, Any]
"""``{"tenant_id": …, "user_id": …, "anonymous_id": …}`` of one landing row."""

SPELLINGS = {
    field: (field, *(camel for camel, snake in FIELD_ALIASES.items() if snake == field))
    for field in ("tenant_id", "user_id", "anonymous_id")
}
"""Each id field and its spellings (the contract's camelCase aliases)."""


def id_fields(record: dict[str, Any]) -> IdFields:
    """The contract's id fields of a parsed row, whatever their spelling, as
    validation reads them (trimmed text)."""
    found: IdFields = {}
    for field, names in SPELLINGS.items():
        value = next((record[n] for n in names if record.get(n) is not None), None)
        found[field] = as_id(value)
    return found


def rewrite_landing_file(
    lake: Lake,
    key: str,
    remove: Callable[[IdFields], bool],
    needles: tuple[str, ...],
    mapping: ColumnMapping,
    *,
    dry_run: bool = False,
) -> int:
    """Rows removed from ``key`` (counted only with ``dry_run``)."""
    fmt = landing_format(key)
    if fmt is None:
        return 0
    kind, codec = fmt
    data = lake.read_bytes(key)
    if codec:
        data = _decompress(data, codec)
    batch = parse_batch(data) if kind == "ndjson" else None
    if isinstance(batch, Batch):
        kept, removed = _batch(data, remove)
    elif kind == "ndjson":
        kept, removed = _ndjson(data, remove, needles)
    elif kind == "csv":
        kept, removed = _csv(data, remove, needles, mapping)
    else:
        kept, removed = _parquet(data, remove)
    if removed and not dry_run:
        if kept is None:
            lake.delete(key)
        else:
            lake.write_bytes_atomic(key, _compress(kept, codec) if codec else kept)
    return removed


def _ndjson(data: bytes, remove, needles) -> tuple[bytes | None, int]:
    kept, removed, any_row = [], 0, False
    for line in data.splitlines(keepends=True):
        try:
            orjson.loads(line)  # the strict judge; ids are read exactly, as ingest reads them
            record = exact_loads(line)
            hit = isinstance(record, dict) and remove(id_fields(record))
        except orjson.JSONDecodeError:
            text = line.decode("utf-8", "replace")
            hit = any(n in text for n in needles)
        if hit:
            removed += 1
        else:
            kept.append(line)
            any_row = any_row or bool(line.strip())
    return (b"".join(kept) if any_row else None), removed


def _batch(data: bytes, remove) -> tuple[bytes | None, int]:
    """A Segment batch file without the calls ``remove`` names (the rest of the
    batch object kept; written compact)."""
    document = exact_loads(data.removeprefix(b"\xef\xbb\xbf"))
    calls = document["batch"]
    kept = [c for c in calls if not (isinstance(c, dict) and remove(id_fields(c)))]
    if not kept:
        return None, len(calls)
    document["batch"] = kept
    return dumps_exact(document) + b"\n", len(calls) - len(kept)


def _csv(data: bytes, remove, needles, mapping: ColumnMapping) -> tuple[bytes | None, int]:
    text = data.decode("utf-8-sig", "replace")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    if not rows:
        return data, 0
    header, kept, removed = rows[0], [rows[0]], 0
    columns = {field: mapping.columns.get(field, field) for field in SPELLINGS}
    for row in rows[1:]:
        record = dict(zip(header, row, strict=False))
        fields = {f: as_id(record.get(c)) for f, c in columns.items()}
        fields["tenant_id"] = fields["tenant_id"] or mapping.constants.get("tenant_id")
        if remove(fields) or (len(row) != len(header) and any(n in ",".join(row) for n in needles)):
            removed += 1
        else:
            kept.append(row)
    if len(kept) == 1:
        return None, removed
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(kept)
    return out.getvalue().encode(), removed


def _parquet(data: bytes, remove) -> tuple[bytes | None, int]:
    table = pq.read_table(pa.BufferReader(data))
    rows = table.to_pylist()
    keep = [not remove(id_fields(r)) for r in rows]
    removed = keep.count(False)
    if not removed:
        return data, 0
    if not any(keep):
        return None, removed
    out = pa.BufferOutputStream()
    pq.write_table(table.filter(pa.array(keep)), out)
    return out.getvalue().to_pybytes(), removed


def _decompress(data: bytes, codec: str) -> bytes:
    if codec == "gzip":
        return gzip.decompress(data)
    if codec == "bz2":
        return bz2.decompress(data)
    return zstandard.ZstdDecompressor().decompressobj().decompress(data)


def _compress(data: bytes, codec: str) -> bytes:
    if codec == "gzip":
        return gzip.compress(data, mtime=0)
    if codec == "bz2":
        return bz2.compress(data)
    return zstandard.ZstdCompressor().compress(data)
