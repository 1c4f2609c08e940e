"""Deduplication of a raw partition after its rows are written: the first copy
of each ``message_id`` of a tenant stays, later copies go (two tenants may send
the same message_id: each keeps its event).

"First" is the smallest (landing file key, line): files are read in key order
and rows in line order (within a batch the raw files may hold them in another
order). :func:`later_copies` reads back only the ``message_id`` column and lets
DuckDB find the later copies within its memory limit (spilling to disk beyond
it), so memory does not grow with the day's size; the caller rewrites only the
files that hold one. A day without duplicates costs one column scan.
"""

from __future__ import annotations

from collections.abc import Iterator

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from flywheel_pipeline.lake.storage import Lake

ID_BATCH_ROWS = 65_536
ID_COLUMNS = ["tenant_id", "message_id", "_source_file", "_source_line"]
ID_SCHEMA = pa.schema(
    [
        ("tenant_id", pa.string()),
        ("message_id", pa.string()),
        ("_source_file", pa.string()),
        ("_source_line", pa.int64()),
        ("file_no", pa.int32()),
        ("row_no", pa.int64()),
    ]
)
EXTRA_COPIES = "select count(*) - count(distinct (tenant_id, message_id)) from ids"
LATER_COPIES = """
select file_no, row_no from (
    select file_no, row_no,
        row_number() over (
            partition by tenant_id, message_id order by _source_file, _source_line) as copy
    from ids
) where copy > 1
"""


def _ids(lake: Lake, files: list[str]) -> Iterator[pa.RecordBatch]:
    """(tenant_id, message_id, landing file, line, file number, row number) of every row of
    ``files``, streamed."""
    for file_no, key in enumerate(files):
        row_no = 0
        with lake.open_file(key) as stream:
            for batch in pq.ParquetFile(stream).iter_batches(
                batch_size=ID_BATCH_ROWS, columns=ID_COLUMNS
            ):
                n = batch.num_rows
                yield pa.RecordBatch.from_arrays(
                    [
                        *batch.columns,
                        pa.array(np.full(n, file_no, dtype=np.int32)),
                        pa.array(np.arange(row_no, row_no + n)),
                    ],
                    schema=ID_SCHEMA,
                )
                row_no += n


def _run(lake: Lake, files: list[str], con: duckdb.DuckDBPyConnection, sql: str) -> list[tuple]:
    con.register("ids", pa.RecordBatchReader.from_batches(ID_SCHEMA, _ids(lake, files)))
    try:
        return con.sql(sql).fetchall()
    finally:
        con.unregister("ids")


def later_copies(
    lake: Lake, files: list[str], con: duckdb.DuckDBPyConnection
) -> dict[int, np.ndarray]:
    """Sorted row numbers of the later copies, per file number in ``files``
    (empty when every message_id occurs once)."""
    if not files or not _run(lake, files, con, EXTRA_COPIES)[0][0]:
        return {}
    found: dict[int, list[int]] = {}
    for file_no, row_no in _run(lake, files, con, LATER_COPIES):
        found.setdefault(file_no, []).append(row_no)
    return {file_no: np.array(sorted(rows)) for file_no, rows in found.items()}
