-- Version 19 makes DuckDB's sessions keep their tails and looks there for facts stored with sessions off, as V016 and
-- V017 did on PostgreSQL. Nothing changes here; the version is kept in step, so this only records it.
SELECT 1;
