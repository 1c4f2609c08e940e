"""Load committed raw partitions into the DuckDB table ``raw.<source>``.

The table has the columns of
:data:`~flywheel_pipeline.contract.schema.RAW_EVENT_SCHEMA` (one row per accepted
event per arrival day). A load replaces the partition's rows in one transaction
(delete the arrival day, insert the files the partition manifest lists), so a
re-run, or a run after a killed one, leaves exactly the partition's rows. Data
streams from the lake as Arrow record batches (local folder or S3 alike).

The few statements here are load plumbing on the raw table; all modelling SQL
lives in ``dbt_project/``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from flywheel_pipeline.contract.schema import RAW_EVENT_SCHEMA
from flywheel_pipeline.ingest.layout import raw_prefix
from flywheel_pipeline.lake.partition import read_manifest
from flywheel_pipeline.lake.storage import Lake

RAW_SCHEMA = "raw"


class PartitionNotBuiltError(RuntimeError):
    """The raw partition has no manifest: materialize the raw asset first."""


@dataclass(frozen=True)
class LoadResult:
    """Rows of one arrival day now in the warehouse table."""

    source: str
    arrival_date: dt.date
    rows: int
    table: str


def connect(path: Path) -> duckdb.DuckDBPyConnection:
    """A connection to the warehouse file, creating its folder when needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    return duckdb.connect(str(path))


def ensure_raw_table(con: duckdb.DuckDBPyConnection, source: str) -> str:
    """Create ``raw.<source>`` with the raw-event columns if it does not exist."""
    table = f"{RAW_SCHEMA}.{source}"
    con.execute(f"create schema if not exists {RAW_SCHEMA}")
    empty = RAW_EVENT_SCHEMA.empty_table()  # noqa: F841 - read by DuckDB below
    con.execute(f"create table if not exists {table} as select * from empty")
    return table


def load_raw_partition(
    con: duckdb.DuckDBPyConnection, lake: Lake, source: str, arrival_date: dt.date
) -> LoadResult:
    """Replace the ``arrival_date`` rows of ``raw.<source>`` with the committed partition.

    Raises:
        PartitionNotBuiltError: the raw partition was never written.
    """
    manifest = read_manifest(lake, raw_prefix(source, arrival_date))
    if manifest is None:
        raise PartitionNotBuiltError(
            f"{lake.url}/{raw_prefix(source, arrival_date)}: no _manifest.json; "
            "materialize the raw asset for this partition first"
        )
    table = ensure_raw_table(con, source)
    con.execute("begin transaction")
    try:
        con.execute(f"delete from {table} where _arrival_date = ?", [arrival_date])
        for key in manifest["raw_files"]:
            with lake.open_file(key) as handle:
                parquet = pq.ParquetFile(handle)
                batches = pa.RecordBatchReader.from_batches(
                    RAW_EVENT_SCHEMA, parquet.iter_batches(batch_size=100_000)
                )
                con.from_arrow(batches).insert_into(table)
        con.execute("commit")
    except BaseException:
        con.execute("rollback")
        raise
    [(rows,)] = con.table(table).filter(f"_arrival_date = '{arrival_date}'").count("*").fetchall()
    return LoadResult(source, arrival_date, rows, table)


def table_rows(con: duckdb.DuckDBPyConnection, source: str) -> int:
    """Rows in ``raw.<source>`` over all arrival days."""
    [(rows,)] = con.table(f"{RAW_SCHEMA}.{source}").count("*").fetchall()
    return rows
