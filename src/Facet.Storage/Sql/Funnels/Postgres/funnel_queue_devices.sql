-- Deferred funnel progress (FunnelProgressMode.Deferred): the devices this batch touched wait in the back-fill queue,
-- and the funnel report reads the facts until facet db maintenance (or migrate) has computed them.
INSERT INTO funnel_progress_backfill (device_id)
SELECT DISTINCT device_id FROM stage_funnel_scope
ON CONFLICT (device_id) DO NOTHING;
