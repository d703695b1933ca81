-- After a back-fill (V014's, or `facet db maintenance` computing a deferred queue): the rows written again in
-- (funnel_id, entry_ts) order. The back-fill inserts device after device, so every row group held every day and the
-- report's day read (funnel.progress.sql) scanned the whole table: 13M rows at 10M worst-case facts, 180–700 ms. In
-- entry order DuckDB's zone maps skip all but the day's row groups: 4–20 ms (BENCHMARKS.md, "Issue 21: funnel report
-- latency at 10M facts — PostgreSQL without parallel workers, and DuckDB"). The loader's own batches append recent
-- candidates, which keeps that order. The table itself stays as V014 declared it: its rows go through a temporary copy,
-- are deleted, and come back sorted (the emptied row groups are reclaimed at the next checkpoint).
CREATE TEMP TABLE funnel_progress_in_entry_order AS
SELECT * FROM funnel_progress ORDER BY funnel_id, entry_ts, device_id;
DELETE FROM funnel_progress;
INSERT INTO funnel_progress SELECT * FROM funnel_progress_in_entry_order ORDER BY funnel_id, entry_ts, device_id;
DROP TABLE funnel_progress_in_entry_order;
