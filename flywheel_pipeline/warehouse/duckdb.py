"""The DuckDB warehouse (default): one file, at ``FLYWHEEL_DUCKDB_PATH``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from flywheel_pipeline.contract.schema import RAW_EVENT_SCHEMA, RETRACTED_SCHEMA
from flywheel_pipeline.lake.storage import Lake
from flywheel_pipeline.warehouse.base import (
    RAW_SCHEMA,
    LoadResult,
    WarehouseUnavailableError,
    committed_raw_files,
    raw_reader,
    retracted_table,
    retraction_sql,
)


class DuckDBWarehouse:
    """A connection to the DuckDB file (created with its folder when missing)."""

    name = "duckdb"

    def __init__(self, path: Path, *, read_only: bool = False) -> None:
        if read_only and not path.exists():
            raise WarehouseUnavailableError(
                f"no DuckDB warehouse at {path}: build it first (make demo, or materialize"
                " the assets), or point FLYWHEEL_DUCKDB_PATH at it"
            )
        if not read_only:
            path.parent.mkdir(parents=True, exist_ok=True)
        self.con = duckdb.connect(str(path), read_only=read_only)
        self._tables: dict[str, str] = {}

    def ensure_raw_table(self, source: str) -> str:
        """Create ``raw.<source>`` with the raw-event columns if it does not exist
        (once per connection)."""
        if source in self._tables:
            return self._tables[source]
        table = f"{RAW_SCHEMA}.{source}"
        self.con.execute(f"create schema if not exists {RAW_SCHEMA}")
        empty = RAW_EVENT_SCHEMA.empty_table()  # noqa: F841 - read by DuckDB below
        self.con.execute(f"create table if not exists {table} as select * from empty")
        retracted = RETRACTED_SCHEMA.empty_table()  # noqa: F841 - read by DuckDB below
        self.con.execute(
            f"create table if not exists {retracted_table(source)} as select * from retracted"
        )
        self._tables[source] = table
        return table

    def load_raw_partition(self, lake: Lake, source: str, arrival_date: dt.date) -> LoadResult:
        keys = committed_raw_files(lake, source, arrival_date)
        table = self.ensure_raw_table(source)
        before, after = retraction_sql(source, arrival_date)
        self.con.execute("begin transaction")
        try:
            for statement in before:
                self.con.execute(statement)
            self.con.execute(f"delete from {table} where _arrival_date = ?", [arrival_date])
            self.con.from_arrow(raw_reader(lake, keys)).insert_into(table)
            for statement in after:
                self.con.execute(statement)
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise
        [(rows,)] = (
            self.con.table(table).filter(f"_arrival_date = '{arrival_date}'").count("*").fetchall()
        )
        return LoadResult(source, arrival_date, rows, table)

    def count_rows(self, table: str) -> int:
        [(rows,)] = self.con.table(table).count("*").fetchall()
        return rows

    def fetch(self, sql: str) -> list[tuple]:
        return self.con.execute(sql).fetchall()

    def execute(self, statements: list[str]) -> list[int]:
        """Run ``statements`` in one transaction; the rows each changed (-1 when unknown)."""
        counts = []
        self.con.execute("begin transaction")
        try:
            for statement in statements:
                result = self.con.execute(statement).fetchall()
                counts.append(result[0][0] if result and len(result[0]) == 1 else -1)
            self.con.execute("commit")
        except BaseException:
            self.con.execute("rollback")
            raise
        return counts

    def close(self) -> None:
        self.con.close()
