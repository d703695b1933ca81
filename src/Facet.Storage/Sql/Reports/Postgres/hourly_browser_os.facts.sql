-- hourly-browser-os from fact_events, per UTC quarter hour.
SELECT (floor(extract(epoch FROM f.event_ts) / 900) * 900 * 1000000)::bigint AS bucket_us, u.browser, u.os, count(*)::bigint AS views
FROM fact_events f
JOIN dim_user_agent u ON u.user_agent_key = f.user_agent_key
WHERE f.event_ts >= @from AND f.event_ts < @to
  AND f.collection IN ({views})
  AND (@include_bots OR NOT f.is_bot)
GROUP BY 1, u.browser, u.os
