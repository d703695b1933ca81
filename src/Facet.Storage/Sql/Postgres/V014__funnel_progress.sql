-- Issue 21: funnel progress. The funnel report read every step event of the day from fact_events (seconds at 10M
-- facts); for the stored funnels (StoredFunnels.cs: 1 = shop strict, 2 = shop any order, both 1 h) it now reads this
-- table, kept in the batch transaction by FunnelProgressWriter (docs/reports.md, "Funnels").
-- One row per (funnel, device, entry candidate): the device's first human event of a UTC quarter hour where it can
-- enter the funnel (step 1 strict, any step any order), the steps it reached from there within the window (0 when, in
-- any order, step 1 was not among them), the µs from step k to k+1 (comma-separated), the previous candidate's entry
-- time and the entry event's store, location and user agent. A device's first entry of a day [from, to) that starts on
-- a quarter hour is its row with from <= entry_ts < to and prev_entry_ts < from (or none).
CREATE TABLE funnel_progress (
    funnel_id      integer NOT NULL,
    device_id      text NOT NULL,
    entry_ts       timestamptz NOT NULL,
    prev_entry_ts  timestamptz,
    steps          smallint NOT NULL,
    convert_us     text,
    store_key      integer NOT NULL,
    location_key   integer NOT NULL,
    user_agent_key integer NOT NULL,
    PRIMARY KEY (device_id, funnel_id, entry_ts)
);

-- The report's range scan: a day's candidates of one funnel, everything it filters and groups on included, so a day
-- autovacuum has visited is read by an index-only scan.
CREATE INDEX funnel_progress_entry ON funnel_progress (funnel_id, entry_ts)
    INCLUDE (prev_entry_ts, steps, store_key, location_key, user_agent_key, convert_us);

-- Back-fill queue: every device with facts. The rows are computed by the report's own rules in C#
-- (FunnelProgressWriter.BackfillAsync, run by facet db migrate right after this script, 1,000 devices per
-- transaction); until the queue is empty the funnel report reads the facts.
CREATE TABLE funnel_progress_backfill (
    device_id text PRIMARY KEY
);

INSERT INTO funnel_progress_backfill (device_id)
SELECT DISTINCT device_id FROM fact_events WHERE device_id IS NOT NULL;
