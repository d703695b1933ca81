-- Version 17 (issue 22): the funnel walk state and the warehouse flags of Sql/Postgres/V017, for one schema on both
-- backends. DuckDB's sessions keep no tails (Sql/Sessions/DuckDb/write_sessions.sql), so nothing proves a device's
-- new events come after its stored facts: its batches rebuild every touched device's funnel rows from the facts
-- (Sql/Funnels/DuckDb/funnel_open_rows.sql) and write held_us for them; the flag is kept as on PostgreSQL.
ALTER TABLE funnel_progress ADD COLUMN held_us text;

CREATE TABLE warehouse_flags (
    name   text NOT NULL,
    set_at timestamptz NOT NULL
);
