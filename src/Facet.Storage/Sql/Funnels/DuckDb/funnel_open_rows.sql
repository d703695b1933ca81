-- The stored rows the new events of a continued device can change (entry at or after from_ts), with their walk state
-- (V017), in entry order per device and funnel; a continued device without such rows comes back once with NULLs.
-- (No device is continued on DuckDB: funnel_continue_devices.sql.)
SELECT c.device_id, p.funnel_id, epoch_us(p.entry_ts), epoch_us(p.prev_entry_ts), p.steps, p.convert_us, p.held_us,
       p.store_key, p.location_key, p.user_agent_key
FROM stage_funnel_scope c
LEFT JOIN funnel_progress p ON p.device_id = c.device_id AND p.entry_ts >= c.from_ts
WHERE NOT c.rebuild
ORDER BY c.device_id, p.funnel_id, p.entry_ts;
