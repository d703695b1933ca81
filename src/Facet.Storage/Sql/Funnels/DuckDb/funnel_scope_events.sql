-- The rebuilt scoped devices' human facts of the stored funnels' step collections from from_ts on, grouped by device (C# sorts
-- each device's by time, then event id).
SELECT f.device_id, f.event_id, epoch_us(f.event_ts), f.collection, p.product_id, s.store_id, s.domain, f.store_key,
       f.location_key, f.user_agent_key
FROM stage_funnel_scope c
JOIN fact_events f ON f.device_id = c.device_id AND f.event_ts >= c.from_ts
JOIN dim_product p ON p.product_key = f.product_key
JOIN dim_store s ON s.store_key = f.store_key
WHERE c.rebuild
  AND NOT f.is_bot
  AND f.collection IN (SELECT collection FROM stage_stored_funnels)
ORDER BY f.device_id;
