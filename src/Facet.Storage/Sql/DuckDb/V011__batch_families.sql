-- Issue 20: which stream families each logged batch wrote; see the PostgreSQL text. DuckDB refuses to alter a table
-- that an index depends on, and DuckDB 1.5.6 aborts the whole process (a C++ "pure virtual method called" at COMMIT)
-- when one transaction drops an index of a table an earlier transaction created, adds a column and creates the index
-- again: every DuckDB warehouse at schema version 10 or lower crashed `facet db migrate`. So the table is rebuilt with
-- the column, as V012 rebuilds the window tables, and keeps its sequence and rows. DuckDB's ADD COLUMN took no NOT NULL,
-- so warehouses migrated before this text have a nullable column; the loaders always set it and the default covers rows
-- logged before this version, so the rebuilt table keeps it nullable as well: one schema either way.
CREATE TABLE pipeline_batches_v011 (
    batch_id        bigint PRIMARY KEY DEFAULT nextval('pipeline_batches_seq'),
    worker_id       text NOT NULL,
    started_at      timestamptz NOT NULL,
    committed_at    timestamptz NOT NULL,
    consumed        integer NOT NULL,
    inserted        integer NOT NULL,
    duplicates      integer NOT NULL,
    rejected        integer NOT NULL,
    consumer_lag    bigint,
    max_event_ts    timestamptz,
    families        smallint DEFAULT 7
);
INSERT INTO pipeline_batches_v011 (batch_id, worker_id, started_at, committed_at, consumed, inserted, duplicates, rejected,
                                   consumer_lag, max_event_ts)
SELECT batch_id, worker_id, started_at, committed_at, consumed, inserted, duplicates, rejected, consumer_lag, max_event_ts
FROM pipeline_batches ORDER BY batch_id;
DROP TABLE pipeline_batches;
ALTER TABLE pipeline_batches_v011 RENAME TO pipeline_batches;
CREATE INDEX pipeline_batches_committed_at ON pipeline_batches (committed_at);
