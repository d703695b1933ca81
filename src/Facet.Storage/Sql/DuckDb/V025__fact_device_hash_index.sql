-- Version 25 turns PostgreSQL's device index on fact_events into a hash index (Sql/Postgres/V025__fact_device_hash_index.sql);
-- DuckDB has no such index (its rebuild reads scan by zone maps). The version is kept in step, so this only records it.
SELECT 1;
