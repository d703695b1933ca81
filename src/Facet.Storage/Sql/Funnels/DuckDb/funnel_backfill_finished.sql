-- After a back-fill (V014's, or `facet db maintenance` computing a deferred queue): the table rewritten in
-- (funnel_id, entry_ts) order. The back-fill inserts device after device, so every row group held every day and the
-- report's day read (funnel.progress.sql) scanned the whole table: 13M rows at 10M worst-case facts, 180–700 ms. In
-- entry order DuckDB's zone maps skip all but the day's row groups: 4–20 ms (BENCHMARKS.md, "Issue 21: funnel report
-- latency at 10M facts on DuckDB"). The loader's own batches append recent candidates, which keeps that order. The
-- table has no index, so dropping and renaming it inside the transaction is safe (see V011 for the case that is not).
-- Declared as V014 declares it (CREATE TABLE … AS would drop the NOT NULL constraints); a migration that changes
-- funnel_progress changes this text too (DuckDbWarehouseTests compares the columns before and after).
CREATE TABLE funnel_progress_in_entry_order (
    funnel_id      integer NOT NULL,
    device_id      text NOT NULL,
    entry_ts       timestamptz NOT NULL,
    prev_entry_ts  timestamptz,
    steps          smallint NOT NULL,
    convert_us     text,
    store_key      integer NOT NULL,
    location_key   integer NOT NULL,
    user_agent_key integer NOT NULL
);
INSERT INTO funnel_progress_in_entry_order
SELECT funnel_id, device_id, entry_ts, prev_entry_ts, steps, convert_us, store_key, location_key, user_agent_key
FROM funnel_progress ORDER BY funnel_id, entry_ts, device_id;
DROP TABLE funnel_progress;
ALTER TABLE funnel_progress_in_entry_order RENAME TO funnel_progress;
