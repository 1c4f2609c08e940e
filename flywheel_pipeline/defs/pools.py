"""Dagster concurrency pools (limits in the instance's dagster.yaml: one slot each).

- ``warehouse``: steps that write the warehouse (raw load, dbt); DuckDB allows
  one writer per file.
- ``raw_writes``: steps that write raw lake partitions; one writer per
  partition (the commit also detects a concurrent one, docs/decisions.md).
"""

WAREHOUSE_POOL = "warehouse"
RAW_WRITES_POOL = "raw_writes"
