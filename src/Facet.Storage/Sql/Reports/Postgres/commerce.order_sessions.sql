-- revenue by medium or campaign: each checkout_success fact in [from, to) with the landing of its session (the
-- device's session whose span holds it: the latest one starting at or before the order, ending at or after it). An
-- order in no session (no device id, or beyond the session late bound) is missing here and keeps its own attributes.
SELECT f.event_id, r.medium, x.utm_medium, x.utm_campaign
FROM fact_events f
CROSS JOIN LATERAL (SELECT s.session_end, s.referrer_key, s.utm_medium, s.utm_campaign
                    FROM fact_sessions s
                    WHERE s.device_id = f.device_id AND s.session_start <= f.event_ts
                    ORDER BY s.session_start DESC
                    LIMIT 1) x
JOIN dim_referrer r ON r.referrer_key = x.referrer_key
WHERE f.event_ts >= @from AND f.event_ts < @to
  AND f.collection = 'checkout_success'
  AND f.device_id IS NOT NULL
  AND x.session_end >= f.event_ts
  AND (@include_bots OR NOT f.is_bot)
