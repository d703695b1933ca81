-- The devices just rebuilt leave the back-fill queue in the transaction that wrote their rows.
DELETE FROM funnel_progress_backfill b USING stage_funnel_scope c WHERE b.device_id = c.device_id;
