-- funnel: the events of the funnel's step collections ({views}) in [from, to + window), per device in event time
-- order (ties by event id), for the single pass in FunnelCounter.
SELECT f.device_id, f.event_id, epoch_us(f.event_ts) AS ts_us, f.collection, p.product_id, s.store_id, s.domain, l.country_code, u.device_type, u.browser
FROM fact_events f
JOIN dim_product p ON p.product_key = f.product_key
JOIN dim_store s ON s.store_key = f.store_key
JOIN dim_location l ON l.location_key = f.location_key
JOIN dim_user_agent u ON u.user_agent_key = f.user_agent_key
WHERE f.event_ts >= $from AND f.event_ts < $to
  AND f.device_id IS NOT NULL
  AND f.collection IN ({views})
  AND ($include_bots OR NOT f.is_bot)
ORDER BY f.device_id, f.event_ts, f.event_id
