-- The in-order devices' sessions (stage_session_rows): the stored session each one extends, updated in place, and
-- the sessions after it, inserted. The session rollup's -1 of an extended session was captured by write_sessions.sql
-- and its +1 is by write_session_rollup.sql, both through session_scope.from_ts, that session's start. The duration
-- is computed as the rebuild computes it, so both paths store the same double.
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
