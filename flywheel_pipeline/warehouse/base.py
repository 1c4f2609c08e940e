"""What every warehouse does for Flywheel: load raw partitions, count and read tables.

A load replaces one arrival day of ``raw.<source>`` in one transaction: delete
the day, insert the files the partition manifest lists, commit. A re-run, or a
run after a killed one, leaves exactly the partition's rows. Data streams from
the lake as Arrow record batches (local folder or S3 alike).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import pyarrow as pa
import pyarrow.parquet as pq

from flywheel_pipeline.contract.schema import RAW_EVENT_SCHEMA, RETRACTION_KEY
from flywheel_pipeline.lake.layout import raw_prefix
from flywheel_pipeline.lake.partition import read_manifest
from flywheel_pipeline.lake.storage import Lake

RAW_SCHEMA = "raw"
LOAD_BATCH_ROWS = 100_000


class WarehouseUnavailableError(RuntimeError):
    """The warehouse cannot be opened (not built yet, or the server refuses)."""


class PartitionNotBuiltError(RuntimeError):
    """The raw partition has no manifest: materialize the raw asset first."""


@dataclass(frozen=True)
class LoadResult:
    """Rows of one arrival day now in the warehouse table ``table``."""

    source: str
    arrival_date: dt.date
    rows: int
    table: str


class Warehouse(Protocol):
    """A warehouse connection (DuckDB or PostgreSQL)."""

    name: str

    def load_raw_partition(self, lake: Lake, source: str, arrival_date: dt.date) -> LoadResult:
        """Replace ``arrival_date`` in ``raw.<source>`` with the committed partition."""

    def count_rows(self, table: str) -> int:
        """Rows in ``schema.table``."""

    def fetch(self, sql: str) -> list[tuple]:
        """Rows of a read-only query (summaries and tests)."""

    def execute(self, statements: list[str]) -> list[int]:
        """Run statements in one transaction (privacy jobs); rows changed by each."""

    def close(self) -> None: ...


def sql_string(value: str) -> str:
    """``value`` as a SQL string literal (quotes doubled), for ids of an erasure
    request or a tenant: the same text on DuckDB and PostgreSQL
    (standard_conforming_strings).

    Raises:
        ValueError: the value holds a control character (never a valid id).
    """
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError(f"an id holds a control character: {value!r}")
    return "'" + value.replace("'", "''") + "'"


def retracted_table(source: str) -> str:
    """The warehouse table of retracted raw events of ``source``."""
    return f"{RAW_SCHEMA}.{source}_retracted"


def _same(left: str, right: str) -> str:
    return " and ".join(f'{left}."{c}" is not distinct from {right}."{c}"' for c in RETRACTION_KEY)


def retraction_sql(source: str, arrival_date: dt.date) -> tuple[list[str], list[str]]:
    """Statements run in a load's transaction around the replacement of one
    arrival day: before it, keep the day's current versions aside; after it,
    record in ``raw.<source>_retracted`` the versions the new load no longer
    holds, and forget retractions that the new load brought back.

    Portable SQL (DuckDB, PostgreSQL); the date is a ``date``, never text from input.
    """
    day = f"cast('{arrival_date.isoformat()}' as date)"
    table, retracted = f"{RAW_SCHEMA}.{source}", retracted_table(source)
    keys = ", ".join(f'"{c}"' for c in RETRACTION_KEY)
    before = [
        "drop table if exists flywheel_previous_day",
        f"create temporary table flywheel_previous_day as select {keys} from {table}"
        f" where _arrival_date = {day}",
    ]
    after = [
        f"insert into {retracted} select p.*, {day} from flywheel_previous_day as p"
        f" where not exists (select 1 from {table} as r where r._arrival_date = {day}"
        f" and {_same('r', 'p')})"
        f" and not exists (select 1 from {retracted} as x where x._arrival_date = {day}"
        f" and {_same('x', 'p')})",
        f"delete from {retracted} where _arrival_date = {day} and exists (select 1 from"
        f" {table} as r where r._arrival_date = {day} and {_same('r', retracted)})",
        "drop table flywheel_previous_day",
    ]
    return before, after


def committed_raw_files(lake: Lake, source: str, arrival_date: dt.date) -> list[str]:
    """The raw files of the partition's committed version.

    Raises:
        PartitionNotBuiltError: the partition was never written.
    """
    manifest = read_manifest(lake, raw_prefix(source, arrival_date))
    if manifest is None:
        raise PartitionNotBuiltError(
            f"{lake.url}/{raw_prefix(source, arrival_date)}: no _manifest.json; "
            "materialize the raw asset for this partition first"
        )
    return manifest["raw_files"]


def raw_batches(lake: Lake, keys: list[str]) -> Iterator[pa.RecordBatch]:
    """Record batches of the raw files, in order, one batch in memory at a time."""
    for key in keys:
        with lake.open_file(key) as handle:
            yield from pq.ParquetFile(handle).iter_batches(batch_size=LOAD_BATCH_ROWS)


def raw_reader(lake: Lake, keys: list[str]) -> pa.RecordBatchReader:
    """The raw files as one Arrow stream with the raw-event schema."""
    return pa.RecordBatchReader.from_batches(RAW_EVENT_SCHEMA, raw_batches(lake, keys))
