-- Issue 20: which stream families each logged batch wrote; see the PostgreSQL text. DuckDB refuses to alter a table
-- that an index depends on, so the committed_at index is dropped around the change. DuckDB's ADD COLUMN takes no
-- NOT NULL; the loaders always set the column and the default covers rows logged before this version.
DROP INDEX pipeline_batches_committed_at;
ALTER TABLE pipeline_batches ADD COLUMN families SMALLINT DEFAULT 7;
CREATE INDEX pipeline_batches_committed_at ON pipeline_batches (committed_at);
