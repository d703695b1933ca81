-- Issue 21: funnel progress. The funnel report read every step event of the day from fact_events; for the stored
-- funnels (StoredFunnels.cs: 1 = shop strict, 2 = shop any order, both 1 h) it now reads this table, kept in the batch
-- transaction by FunnelProgressWriter (docs/reports.md, "Funnels"). Columns: see the PostgreSQL migration.
CREATE TABLE funnel_progress (
    funnel_id      integer NOT NULL,
    device_id      text NOT NULL,
    entry_ts       timestamptz NOT NULL,
    prev_entry_ts  timestamptz,
    steps          smallint NOT NULL,
    convert_us     text,
    store_key      integer NOT NULL,
    location_key   integer NOT NULL,
    user_agent_key integer NOT NULL
    -- No primary key: the batch deletes a device's rows and inserts them again, which DuckDB's index refuses inside
    -- one transaction (as fact_sessions, V008); the writer keeps (device_id, funnel_id, entry_ts) unique.
);

-- Back-fill queue: every device with facts, computed by FunnelProgressWriter.BackfillAsync right after this script.
CREATE TABLE funnel_progress_backfill (
    device_id text NOT NULL
);

INSERT INTO funnel_progress_backfill (device_id)
SELECT DISTINCT device_id FROM fact_events WHERE device_id IS NOT NULL;
