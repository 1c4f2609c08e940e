"""Landing files by name: which are data, in which format, read how.

:func:`read_landing_file` yields :class:`RowBatch` objects (CSV, parquet) or
:class:`LineBlock` objects (NDJSON, parsed later column-wise) of at most
``batch_rows`` rows and, when the file turns out to be damaged, one final
:class:`FileFault`; it never raises on bad input. Rows read before the damage
are kept (a truncated gzip keeps its complete lines, a parquet file its
readable row groups). Memory holds one batch, whatever the file size.

Formats by name: ``.ndjson``/``.jsonl``/``.json``, ``.csv`` and ``.parquet``
(a ``.json`` file may also be one Segment batch object: :mod:`.read_batch`);
the text formats optionally compressed as ``.gz``, ``.bz2`` or ``.zst``. A file
whose name starts with ``.`` or ``_`` is hidden (in-flight uploads, our own
temporary files) and not a landing file; any other name is read or rejected.

Line numbers are 1-based: the line of an NDJSON file, the data row of a CSV
file (header excluded), the row of a parquet file.
"""

from __future__ import annotations

from collections.abc import Iterator

from flywheel_pipeline.config import ColumnMapping
from flywheel_pipeline.contract.reasons import Reason
from flywheel_pipeline.lake.landing_rows import FileFault, Limits, RowBatch, RowReject
from flywheel_pipeline.lake.ndjson_blocks import LineBlock, iter_line_blocks
from flywheel_pipeline.lake.read_batch import MAX_BATCH_BYTES, batch_rows, parse_batch
from flywheel_pipeline.lake.read_tabular import apply_mapping, read_csv, read_parquet
from flywheel_pipeline.lake.storage import COMPRESSION_SUFFIXES, Lake, LakeFile

NDJSON_FORMATS = (".ndjson", ".jsonl", ".json")
CSV_FORMATS = (".csv",)
PARQUET_FORMATS = (".parquet",)

__all__ = [
    "FileFault",
    "LineBlock",
    "Limits",
    "RowBatch",
    "RowReject",
    "apply_mapping",
    "is_hidden",
    "landing_format",
    "read_landing_file",
]


def is_hidden(key: str) -> bool:
    """Names starting with ``.`` or ``_`` are never landing data (temporary files,
    in-flight uploads, manifests)."""
    return key.rsplit("/", 1)[-1].startswith((".", "_"))


def landing_format(key: str) -> tuple[str, str | None] | None:
    """``(format, codec)`` of a landing key by its name, or None when unsupported:
    format is ``ndjson``, ``csv`` or ``parquet``; codec gzip, bz2, zstd or None."""
    name = key.rsplit("/", 1)[-1].lower()
    codec = None
    for suffix, compression in COMPRESSION_SUFFIXES.items():
        if name.endswith(suffix):
            name, codec = name[: -len(suffix)], compression
            break
    for formats, kind in ((NDJSON_FORMATS, "ndjson"), (CSV_FORMATS, "csv")):
        if name.endswith(formats):
            return kind, codec
    if name.endswith(PARQUET_FORMATS) and codec is None:
        return "parquet", None
    return None


def read_landing_file(
    lake: Lake,
    obj: LakeFile,
    *,
    mapping: ColumnMapping,
    limits: Limits,
    batch_rows: int,
) -> Iterator[RowBatch | LineBlock | FileFault]:
    """Batches of the file's rows (NDJSON: blocks of unparsed lines), then a
    :class:`FileFault` if it is damaged or of no supported format. Never raises
    on the file's content."""
    fmt = landing_format(obj.key)
    if fmt is None:
        yield FileFault(
            Reason.UNSUPPORTED_FORMAT,
            f"{obj.size} bytes; not a supported landing format (.ndjson, .jsonl, .json, .csv, "
            f"optionally {', '.join(COMPRESSION_SUFFIXES)}; or .parquet)",
            0,
        )
        return
    kind, codec = fmt
    last_line = 0
    try:
        for batch in _batches(lake, obj.key, kind, codec, mapping, limits, batch_rows):
            if isinstance(batch, FileFault):
                yield batch
                return
            if isinstance(batch, LineBlock):
                last_line = batch.last_line
            else:
                last_line = max([*batch.lines, *(r.line for r in batch.rejects), last_line])
            yield batch
    except Exception as exc:  # noqa: BLE001 - any failure of the file's bytes is data
        yield FileFault(
            Reason.UNREADABLE_FILE,
            f"{obj.size} bytes; reading stopped after line {last_line}: "
            f"{type(exc).__name__}: {str(exc)[:300]}",
            last_line + 1,
        )


def _is_json_document(key: str) -> bool:
    """A ``.json`` name (maybe compressed): NDJSON or one Segment batch object."""
    name = key.rsplit("/", 1)[-1].lower()
    for suffix in COMPRESSION_SUFFIXES:
        name = name.removesuffix(suffix)
    return name.endswith(".json")


def _batches(
    lake, key, kind, codec, mapping, limits, rows
) -> Iterator[RowBatch | LineBlock | FileFault]:
    if kind == "ndjson" and _is_json_document(key):
        with lake.open_input(key, compression=codec) as stream:
            head = stream.read(MAX_BATCH_BYTES + 1)
        batch = parse_batch(head) if len(head) <= MAX_BATCH_BYTES else None
        if isinstance(batch, FileFault):
            yield batch
            return
        if batch is not None:
            yield from batch_rows(batch, limits, rows)
            return
    if kind == "ndjson":
        with lake.open_input(key, compression=codec) as stream:
            yield from iter_line_blocks(stream, limits.max_row_bytes, rows)
    elif kind == "csv":
        opener = lambda: lake.open_input(key, compression=codec)  # noqa: E731
        yield from read_csv(opener, mapping, limits, rows)
    else:
        with lake.open_file(key) as handle:
            yield from read_parquet(handle, limits, rows)
