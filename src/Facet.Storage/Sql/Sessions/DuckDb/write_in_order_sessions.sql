-- The in-order devices' extended sessions (stage_session_rows holds only those): the stored session each one extends,
-- updated in place, and first its change for the session rollup (V010), from the stage and its stored row: it leaves
-- the rollup as it was (-1) and enters it as it is now (+1). The sessions after it are SessionWriter's, appended with
-- their +1 (as Sessions/Postgres/write_in_order_sessions.sql). The duration is computed as the rebuild and
-- SessionWriter compute it — the µs between the ends divided by a million, one correctly rounded division — so every
-- path stores the same double (epoch(end) - epoch(start) rounds twice, and C# could not reproduce it).
INSERT INTO session_rollup_changes (sign, session_start, is_bot, events, duration_seconds, orders, store_key, location_key,
                                    user_agent_key, referrer_key, utm_medium, utm_campaign)
SELECT c.sign, t.session_start, t.is_bot,
       CASE WHEN c.sign < 0 THEN t.events ELSE t.events + s.events END,
       CASE WHEN c.sign < 0 THEN t.duration_seconds ELSE (epoch_us(s.session_end) - epoch_us(t.session_start)) / 1000000 END,
       CASE WHEN c.sign < 0 THEN t.orders ELSE t.orders + s.orders END,
       t.store_key, t.location_key, t.user_agent_key, t.referrer_key, t.utm_medium, t.utm_campaign
FROM stage_session_rows s
JOIN fact_sessions t ON t.device_id = s.device_id AND t.session_start = s.session_start
CROSS JOIN (VALUES (-1), (1)) c(sign);

UPDATE fact_sessions AS t
SET session_end = s.session_end,
    events = t.events + s.events,
    duration_seconds = (epoch_us(s.session_end) - epoch_us(t.session_start)) / 1000000,
    bounce = false,
    exit_url = s.exit_url,
    orders = t.orders + s.orders,
    tail_event_id = s.tail_event_id,
    tail_campaign = s.tail_campaign,
    tail_timeout_s = s.timeout_s
FROM stage_session_rows s
WHERE t.device_id = s.device_id AND t.session_start = s.session_start;

