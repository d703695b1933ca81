-- Version 23 (issue 22): the batches whose sessions and funnel progress are still to be written
-- (Sql/Postgres/V023__derived_pending.sql says how it is used). A DuckDB file has one writer, which writes the derived
-- rows inside the batch transaction, so no row is ever left here; the table keeps the two schemas alike and the report
-- cache's data version (data_version.sql) reads it on both.
CREATE TABLE IF NOT EXISTS derived_pending (
    ingested_at timestamptz PRIMARY KEY,
    event_dates date[] NOT NULL
);
