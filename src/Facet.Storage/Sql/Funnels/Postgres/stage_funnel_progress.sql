-- The rebuilt funnel_progress rows (V014), computed in C# (FunnelProgressWriter) in the table's column order, for
-- write_funnel_progress.
CREATE TEMP TABLE IF NOT EXISTS stage_funnel_progress (LIKE funnel_progress) ON COMMIT DELETE ROWS;
-- write_funnel_progress's delete asks, for each stored row of a rebuilt device, whether an identical row is staged: a
-- correlated subquery PostgreSQL cannot hash (its IS NOT DISTINCT FROM), so without this index it scanned the whole
-- stage once per stored row, a cost of stored rows × staged rows per batch (issue 22: 4-16 s of PostgreSQL per 1M
-- events through `facet run`, whose batches rebuild more devices than a load's; one synthetic batch of 6,000 stored
-- rows against 19,506 staged: 2,718 ms, 18 ms with the index). Not unique: the stage is as the walk made it.
CREATE INDEX IF NOT EXISTS stage_funnel_progress_key ON stage_funnel_progress (device_id, funnel_id, entry_ts);
