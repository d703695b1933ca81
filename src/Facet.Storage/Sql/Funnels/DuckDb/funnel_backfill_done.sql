-- The devices just rebuilt leave the back-fill queue in the transaction that wrote their rows.
DELETE FROM funnel_progress_backfill WHERE device_id IN (SELECT device_id FROM stage_funnel_scope);
