-- Version 12 drops the primary keys of DuckDB's window_state, window_aggregate and window_member (DuckDB holds them
-- as ART indexes in memory; see Sql/DuckDb/V012). PostgreSQL's indexes live in its buffer pool and its window_write
-- merges with ON CONFLICT on them: they stay. The version is kept in step, so this only records it.
SELECT 1;
