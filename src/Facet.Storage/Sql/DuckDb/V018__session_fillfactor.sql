-- Version 18 sets PostgreSQL's fillfactor on fact_sessions for in-place session updates (HOT); DuckDB has no such
-- setting and always rebuilds sessions. The version is kept in step, so this only records it.
SELECT 1;
