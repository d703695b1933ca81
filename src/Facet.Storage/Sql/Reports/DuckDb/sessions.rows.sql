-- sessions: every session that started in [from, to) (fact_sessions, kept by the batch transaction) with the breakdown
-- attributes of its first event. C# buckets them in the report's zone and computes the rates.
SELECT epoch_us(s.session_start) AS start_us, s.events, s.duration_seconds, s.orders,
       st.store_id, st.domain, l.country_code, u.device_type, u.browser, r.medium, s.utm_medium, s.utm_campaign
FROM fact_sessions s
JOIN dim_store st ON st.store_key = s.store_key
JOIN dim_location l ON l.location_key = s.location_key
JOIN dim_user_agent u ON u.user_agent_key = s.user_agent_key
JOIN dim_referrer r ON r.referrer_key = s.referrer_key
WHERE s.session_start >= $from AND s.session_start < $to
  AND ($include_bots OR NOT s.is_bot)
