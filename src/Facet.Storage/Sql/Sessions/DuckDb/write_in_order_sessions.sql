-- The in-order devices' sessions (stage_session_rows): the stored session each one extends, updated in place, and
-- the sessions after it, inserted; and first their changes for the session rollup (V010), from the stage and the
-- extended sessions' stored rows: an extended session leaves it as it was (-1) and enters it as it is now (+1), a new
-- session enters it (as Sessions/Postgres/write_in_order_sessions.sql). The duration is computed as the rebuild
-- computes it, so both paths store the same double.
INSERT INTO session_rollup_changes (sign, session_start, is_bot, events, duration_seconds, orders, store_key, location_key,
                                    user_agent_key, referrer_key, utm_medium, utm_campaign)
SELECT c.sign, t.session_start, t.is_bot,
       CASE WHEN c.sign < 0 THEN t.events ELSE t.events + s.events END,
       CASE WHEN c.sign < 0 THEN t.duration_seconds ELSE epoch(s.session_end) - epoch(t.session_start) END,
       CASE WHEN c.sign < 0 THEN t.orders ELSE t.orders + s.orders END,
       t.store_key, t.location_key, t.user_agent_key, t.referrer_key, t.utm_medium, t.utm_campaign
FROM stage_session_rows s
JOIN fact_sessions t ON t.device_id = s.device_id AND t.session_start = s.session_start
CROSS JOIN (VALUES (-1), (1)) c(sign)
WHERE s.extends
UNION ALL
SELECT 1, session_start, is_bot, events, epoch(session_end) - epoch(session_start), orders, store_key, location_key,
       user_agent_key, referrer_key, utm_medium, utm_campaign
FROM stage_session_rows
WHERE NOT extends;

UPDATE fact_sessions AS t
SET session_end = s.session_end,
    events = t.events + s.events,
    duration_seconds = epoch(s.session_end) - epoch(t.session_start),
    bounce = false,
    exit_url = s.exit_url,
    orders = t.orders + s.orders,
    tail_event_id = s.tail_event_id,
    tail_campaign = s.tail_campaign,
    tail_timeout_s = s.timeout_s
FROM stage_session_rows s
WHERE s.extends AND t.device_id = s.device_id AND t.session_start = s.session_start;

INSERT INTO fact_sessions (device_id, session_start, session_end, events, duration_seconds, bounce, entry_url, exit_url,
                           landing_referrer, utm_source, utm_medium, utm_campaign, store_key, location_key,
                           user_agent_key, referrer_key, orders, is_bot, tail_event_id, tail_campaign, tail_timeout_s)
SELECT device_id, session_start, session_end, events, epoch(session_end) - epoch(session_start), events = 1, entry_url,
       exit_url, landing_referrer, utm_source, utm_medium, utm_campaign, store_key, location_key, user_agent_key,
       referrer_key, orders, is_bot, tail_event_id, tail_campaign, timeout_s
FROM stage_session_rows
WHERE NOT extends;
