-- The stored rows the new events of a continued device can change (entry at or after from_ts), with their walk state
-- (V017), in entry order per device and funnel; a continued device without such rows comes back once with NULLs.
-- Through funnel_progress' key per device, behind OFFSET 0 (write_funnel_progress.sql says why).
SELECT c.device_id, p.funnel_id, (extract(epoch FROM p.entry_ts) * 1000000)::bigint,
       (extract(epoch FROM p.prev_entry_ts) * 1000000)::bigint, p.steps, p.convert_us, p.held_us, p.store_key,
       p.location_key, p.user_agent_key
FROM stage_funnel_scope c
LEFT JOIN LATERAL (
    SELECT p.* FROM funnel_progress p WHERE p.device_id = c.device_id AND p.entry_ts >= c.from_ts OFFSET 0) p ON true
WHERE NOT c.rebuild
ORDER BY c.device_id COLLATE "C", p.funnel_id, p.entry_ts;
