"""The PostgreSQL warehouse, loaded through ADBC (Arrow-native binary COPY).

``raw.<source>`` is created from the Arrow raw-event schema on the first load
(text, timestamp, date, bigint columns). Rows stream from the lake as Arrow
batches straight into COPY: no row-by-row inserts, no CSV round trip.
"""

from __future__ import annotations

import datetime as dt

import adbc_driver_postgresql.dbapi as adbc_pg

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


class PostgresWarehouse:
    """A connection to the PostgreSQL warehouse at a libpq URI."""

    name = "postgres"

    def __init__(self, uri: str) -> None:
        try:
            self.con = adbc_pg.connect(uri)  # autocommit off: every load is one transaction
        except adbc_pg.Error as exc:
            first_line = (
                str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
            )
            raise WarehouseUnavailableError(
                f"cannot connect to the PostgreSQL warehouse (PGHOST, PGPORT, PGUSER,"
                f" PGDATABASE): {first_line}"
            ) from None
        self._tables: dict[str, str] = {}

    def ensure_raw_table(self, source: str) -> str:
        """Create ``raw.<source>`` from the Arrow raw-event schema if it does not exist
        (once per connection)."""
        if source in self._tables:
            return self._tables[source]
        with self.con.cursor() as cur:
            cur.execute(f"create schema if not exists {RAW_SCHEMA}")
            cur.adbc_ingest(
                source,
                RAW_EVENT_SCHEMA.empty_table(),
                mode="create_append",
                db_schema_name=RAW_SCHEMA,
            )
            cur.adbc_ingest(
                retracted_table(source).split(".")[1],
                RETRACTED_SCHEMA.empty_table(),
                mode="create_append",
                db_schema_name=RAW_SCHEMA,
            )
        self.con.commit()
        self._tables[source] = f"{RAW_SCHEMA}.{source}"
        return self._tables[source]

    def load_raw_partition(self, lake: Lake, source: str, arrival_date: dt.date) -> LoadResult:
        keys = committed_raw_files(lake, source, arrival_date)
        table = self.ensure_raw_table(source)
        before, after = retraction_sql(source, arrival_date)
        try:
            with self.con.cursor() as cur:
                for statement in before:
                    cur.execute(statement)
                cur.execute(f"delete from {table} where _arrival_date = $1", (arrival_date,))
                cur.adbc_ingest(
                    source, raw_reader(lake, keys), mode="append", db_schema_name=RAW_SCHEMA
                )
                for statement in after:
                    cur.execute(statement)
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        with self.con.cursor() as cur:
            cur.execute(f"select count(*) from {table} where _arrival_date = $1", (arrival_date,))
            [(rows,)] = cur.fetchall()
        self.con.commit()
        return LoadResult(source, arrival_date, rows, table)

    def count_rows(self, table: str) -> int:
        [(rows,)] = self.fetch(f"select count(*) from {table}")
        return rows

    def fetch(self, sql: str) -> list[tuple]:
        with self.con.cursor() as cur:
            cur.execute(sql)
            rows = cur.fetchall()
        self.con.commit()
        return rows

    def execute(self, statements: list[str]) -> list[int]:
        """Run ``statements`` in one transaction; the rows each changed (-1 when unknown)."""
        counts = []
        try:
            with self.con.cursor() as cur:
                for statement in statements:
                    cur.execute(statement)
                    counts.append(cur.rowcount)
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        return counts

    def close(self) -> None:
        self.con.close()
