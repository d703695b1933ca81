-- Version 22 drops DuckDB's fact_events primary key, an ART index that enforced nothing its loader does not ensure
-- (Sql/DuckDb/V022__fact_events_without_primary_key.sql). PostgreSQL keeps its unique index: it is the dedup check of
-- the optimistic fact COPY (docs/schema.md, "Loader"). The version is kept in step, so this only records it.
SELECT 1;
