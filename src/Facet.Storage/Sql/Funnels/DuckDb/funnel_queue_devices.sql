-- Deferred funnel progress (FunnelProgressMode.Deferred): the devices this batch touched wait in the back-fill queue,
-- and the funnel report reads the facts until facet db maintenance (or migrate) has computed them. The queue has no
-- key on DuckDB (one writing process per file): a device already waiting is left as it is.
INSERT INTO funnel_progress_backfill (device_id)
SELECT DISTINCT s.device_id FROM stage_funnel_scope s
WHERE NOT EXISTS (SELECT 1 FROM funnel_progress_backfill b WHERE b.device_id = s.device_id);
