-- The scoped devices' rows from from_ts on make room for their new ones: all of a rebuilt device's from from_ts on,
-- replaced by its staged rows (stage_funnel_progress); of a continued device (V017, V019; funnel_open_rows.sql) the
-- ones whose key stage_funnel_replaced holds, whose new versions FunnelProgressWriter then appends with the device's
-- new rows.
DELETE FROM funnel_progress p USING stage_funnel_scope c
WHERE p.device_id = c.device_id AND p.entry_ts >= c.from_ts
  AND (c.rebuild
       OR EXISTS (SELECT 1 FROM stage_funnel_replaced n
                  WHERE n.device_id = p.device_id AND n.funnel_id = p.funnel_id AND n.entry_ts = p.entry_ts));

INSERT INTO funnel_progress (funnel_id, device_id, entry_ts, prev_entry_ts, steps, convert_us, store_key, location_key,
                             user_agent_key, held_us)
SELECT funnel_id, device_id, entry_ts, prev_entry_ts, steps, convert_us, store_key, location_key, user_agent_key, held_us
FROM stage_funnel_progress;
