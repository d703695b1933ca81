-- Version 24 (issue 22): the process that writes a pending batch's derived rows (Sql/Postgres/V024__derived_pending_owner.sql
-- says how it is used). A DuckDB file writes its derived rows in the batch transaction; the column keeps the two
-- schemas alike.
-- IF NOT EXISTS: a warehouse whose schema_version rows were rolled back past this version migrates again (as V023's table).
ALTER TABLE derived_pending ADD COLUMN IF NOT EXISTS owner integer;
