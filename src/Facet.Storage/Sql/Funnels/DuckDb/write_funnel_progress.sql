-- The scoped devices' rows from from_ts on are replaced by the ones computed from their facts (stage_funnel_progress).
DELETE FROM funnel_progress p USING stage_funnel_scope c
WHERE p.device_id = c.device_id AND p.entry_ts >= c.from_ts;

INSERT INTO funnel_progress (funnel_id, device_id, entry_ts, prev_entry_ts, steps, convert_us, store_key, location_key, user_agent_key)
SELECT funnel_id, device_id, entry_ts, prev_entry_ts, steps, convert_us, store_key, location_key, user_agent_key
FROM stage_funnel_progress;
