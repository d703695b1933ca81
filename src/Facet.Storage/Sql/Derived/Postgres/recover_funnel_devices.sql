-- Recovery: the claimed batch's devices join the funnel progress back-fill queue (V014), which computes a device's rows
-- from all its stored facts; the recovering process runs the back-fill after the claim commits (or, with deferred
-- funnel progress, facet db maintenance does, as for any deferred batch).
INSERT INTO funnel_progress_backfill (device_id)
SELECT DISTINCT device_id FROM stage_session_events
ON CONFLICT (device_id) DO NOTHING;
