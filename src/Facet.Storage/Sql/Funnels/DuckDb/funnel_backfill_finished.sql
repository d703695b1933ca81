-- After a back-fill (V014's, or `facet db maintenance` computing a deferred queue): the table rewritten in
-- (funnel_id, entry_ts) order. The back-fill inserts device after device, so every row group held every day and the
-- report's day read (funnel.progress.sql) scanned the whole table: 13M rows at 10M worst-case facts, 180–700 ms. In
-- entry order DuckDB's zone maps skip all but the day's row groups: 4–20 ms (BENCHMARKS.md, "Issue 21: funnel report
-- latency at 10M facts on DuckDB"). The loader's own batches append recent candidates, which keeps that order. The
-- table has no index, so dropping and renaming it inside the transaction is safe (see V011 for the case that is not).
CREATE TABLE funnel_progress_in_entry_order AS
SELECT * FROM funnel_progress ORDER BY funnel_id, entry_ts, device_id;
DROP TABLE funnel_progress;
ALTER TABLE funnel_progress_in_entry_order RENAME TO funnel_progress;
