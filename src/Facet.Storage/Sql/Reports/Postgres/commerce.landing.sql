-- The landing of each device in [from, to): its first event there (by event time, then event id), whose referrer
-- medium, utm_medium, click id and utm_campaign decide the medium and campaign breakdowns.
SELECT DISTINCT ON (f.device_id) f.device_id, r.medium, f.utm_medium, f.click_id_type, f.utm_campaign
FROM fact_events f
JOIN dim_referrer r ON r.referrer_key = f.referrer_key
WHERE f.event_ts >= @from AND f.event_ts < @to
  AND f.device_id IS NOT NULL
  AND (@include_bots OR NOT f.is_bot)
ORDER BY f.device_id, f.event_ts, f.event_id COLLATE "C"
