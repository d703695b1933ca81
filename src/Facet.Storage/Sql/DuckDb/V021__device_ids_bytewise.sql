-- Version 21 makes PostgreSQL's device id columns compare bytewise (COLLATE "C"); DuckDB compares strings bytewise
-- already (its default collation is binary). The version is kept in step, so this only records it.
SELECT 1;
