-- funnel from funnel_progress (V013): each device's first entry candidate in [from, to) (the one whose previous
-- candidate lies before from; from is a quarter hour), counted per entry store, location and user agent, steps reached
-- and µs between steps (converted devices only carry those; the others collapse into a few groups). C# resolves the
-- breakdown value from the dimensions and takes the medians of the per-step times.
SELECT s.store_id, s.domain, l.country_code, u.device_type, u.browser, g.steps, g.convert_us, g.devices
FROM (SELECT p.store_key, p.location_key, p.user_agent_key, p.steps, p.convert_us, count(*) AS devices
      FROM funnel_progress p
      WHERE p.funnel_id = $funnel_id AND p.entry_ts >= $from AND p.entry_ts < $to
        AND (p.prev_entry_ts IS NULL OR p.prev_entry_ts < $from)
        AND p.steps > 0
      GROUP BY p.store_key, p.location_key, p.user_agent_key, p.steps, p.convert_us) g
JOIN dim_store s ON s.store_key = g.store_key
JOIN dim_location l ON l.location_key = g.location_key
JOIN dim_user_agent u ON u.user_agent_key = g.user_agent_key
