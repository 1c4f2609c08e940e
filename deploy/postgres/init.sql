-- Runs once, when the PostgreSQL volume is first created (docker-entrypoint-initdb.d).
-- POSTGRES_DB (flywheel) is the warehouse; Dagster's storage gets its own database.
create database dagster;
