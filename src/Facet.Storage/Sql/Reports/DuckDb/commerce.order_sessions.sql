-- revenue by medium or campaign: each checkout_success fact in [from, to) with the landing of its session (the
-- device's session whose span holds it: the latest one starting at or before the order, ending at or after it). An
-- order in no session (no device id, or beyond the session late bound) is missing here and keeps its own attributes.
SELECT f.event_id, r.medium, x.utm_medium, x.utm_campaign
FROM (SELECT event_id, device_id, event_ts
      FROM fact_events
      WHERE event_ts >= $from AND event_ts < $to
        AND collection = 'checkout_success'
        AND device_id IS NOT NULL
        AND ($include_bots OR NOT is_bot)) f
ASOF JOIN fact_sessions x ON x.device_id = f.device_id AND f.event_ts >= x.session_start
JOIN dim_referrer r ON r.referrer_key = x.referrer_key
WHERE x.session_end >= f.event_ts
