-- conversion: per device and per value of the event-level breakdown attributes (store, IP country, device type,
-- browser), whether it viewed ({views}) and whether it ordered (checkout_success) in [from, to). C# counts devices
-- per breakdown value: viewers, and viewers that also ordered.
SELECT f.device_id, s.store_id, s.domain, l.country_code, u.device_type, u.browser,
       bool_or(f.collection IN ({views})) AS viewed, bool_or(f.collection = 'checkout_success') AS ordered
FROM fact_events f
JOIN dim_store s ON s.store_key = f.store_key
JOIN dim_location l ON l.location_key = f.location_key
JOIN dim_user_agent u ON u.user_agent_key = f.user_agent_key
WHERE f.event_ts >= $from AND f.event_ts < $to
  AND f.device_id IS NOT NULL
  AND (f.collection IN ({views}) OR f.collection = 'checkout_success')
  AND ($include_bots OR NOT f.is_bot)
GROUP BY f.device_id, s.store_id, s.domain, l.country_code, u.device_type, u.browser
