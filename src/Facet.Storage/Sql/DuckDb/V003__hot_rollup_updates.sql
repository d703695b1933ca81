-- Version 3 sets PostgreSQL's fillfactor on the hourly rollups (HOT updates); DuckDB has no such storage parameter.
-- The version is kept in step on both backends, so this one only records it.
SELECT 1;
