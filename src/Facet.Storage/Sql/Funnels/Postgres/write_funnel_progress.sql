-- The scoped devices' rows from from_ts on become the ones computed from their facts (stage_funnel_progress). Most
-- rebuilt rows come back unchanged (a candidate an hour old whose steps did not move): those stay where they are, so
-- only changed, vanished and new rows cost index maintenance and dead tuples.
DELETE FROM funnel_progress p USING stage_funnel_scope c
WHERE p.device_id = c.device_id AND p.entry_ts >= c.from_ts
  AND NOT EXISTS (SELECT 1 FROM stage_funnel_progress n
                  WHERE n.device_id = p.device_id AND n.funnel_id = p.funnel_id AND n.entry_ts = p.entry_ts
                    AND n.prev_entry_ts IS NOT DISTINCT FROM p.prev_entry_ts AND n.steps = p.steps
                    AND n.convert_us IS NOT DISTINCT FROM p.convert_us AND n.store_key = p.store_key
                    AND n.location_key = p.location_key AND n.user_agent_key = p.user_agent_key);

-- What is left of a key after the delete is identical to its staged row. In key order, so two transactions inserting
-- rows of neighbouring devices lock index pages in the same order.
INSERT INTO funnel_progress (funnel_id, device_id, entry_ts, prev_entry_ts, steps, convert_us, store_key, location_key, user_agent_key)
SELECT n.funnel_id, n.device_id, n.entry_ts, n.prev_entry_ts, n.steps, n.convert_us, n.store_key, n.location_key, n.user_agent_key
FROM stage_funnel_progress n
WHERE NOT EXISTS (SELECT 1 FROM funnel_progress p WHERE p.device_id = n.device_id AND p.funnel_id = n.funnel_id AND p.entry_ts = n.entry_ts)
ORDER BY n.device_id, n.funnel_id, n.entry_ts;
