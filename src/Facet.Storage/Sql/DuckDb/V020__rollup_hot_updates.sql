-- Version 20 makes PostgreSQL's rollup upserts HOT updates (no INCLUDE of the count in the daily keys, free space on
-- the pages); DuckDB's keys never included a count and it has no fillfactor. The version is kept in step, so this only
-- records it.
SELECT 1;
