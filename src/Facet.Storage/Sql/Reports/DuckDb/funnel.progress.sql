-- funnel from funnel_progress (V014): each device's first entry candidate in [from, to) (the one whose previous
-- candidate lies before from; from is a quarter hour), counted in SQL per steps reached, µs between steps (only
-- converted devices carry those) and the one member the breakdown needs ($by: store → the entry's store, country →
-- its location, device or browser → its user agent, otherwise none), so a day comes back as a few hundred groups, not
-- a row per device. C# names the breakdown value from the members and takes the medians of the step times.
SELECT s.store_id, s.domain, l.country_code, u.device_type, u.browser, g.steps, g.convert_us, g.devices
FROM (SELECT CASE WHEN $by = 'store' THEN p.store_key END AS store_key,
             CASE WHEN $by = 'country' THEN p.location_key END AS location_key,
             CASE WHEN $by IN ('device', 'browser') THEN p.user_agent_key END AS user_agent_key,
             p.steps, p.convert_us, count(*) AS devices
      FROM funnel_progress p
      WHERE p.funnel_id = $funnel_id AND p.entry_ts >= $from AND p.entry_ts < $to
        AND (p.prev_entry_ts IS NULL OR p.prev_entry_ts < $from)
        AND p.steps > 0
      GROUP BY 1, 2, 3, p.steps, p.convert_us) g
LEFT JOIN dim_store s ON s.store_key = g.store_key
LEFT JOIN dim_location l ON l.location_key = g.location_key
LEFT JOIN dim_user_agent u ON u.user_agent_key = g.user_agent_key
