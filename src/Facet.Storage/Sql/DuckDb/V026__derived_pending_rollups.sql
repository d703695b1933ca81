-- Version 26 (issue 22): whether a pending batch's rollups trail it too (Sql/Postgres/V026__derived_pending_rollups.sql
-- says how it is used). A DuckDB file writes its rollups and derived rows in the batch transaction; the column keeps the
-- two schemas alike (DuckDB adds no column with a NOT NULL constraint).
-- IF NOT EXISTS: a warehouse whose schema_version rows were rolled back past this version migrates again (as V023's table).
ALTER TABLE derived_pending ADD COLUMN IF NOT EXISTS rollups boolean DEFAULT false;
