-- The in-order devices' sessions (stage_session_rows): the stored session each one extends, updated in place, and
-- the sessions after it, inserted. The session rollup's -1 of an extended session was captured by write_sessions.sql
-- and its +1 is by write_session_rollup.sql, both through session_scope.from_ts, that session's start.
-- Each extended session's stored row is found through fact_sessions' key per session behind OFFSET 0 and updated by
-- ctid (safe: the device bucket locks were taken first): left to join freely, the planner once estimated the join at
-- 1 row and looped over all extended sessions for each of them (14M rows filtered, 5.8 s in one batch of a 1M load;
-- issue 22, BENCHMARKS.md). The rows are fetched by a TID scan of the collected ctids: joined on ctid alone, the
-- planner hashed all of fact_sessions, read whole in every batch (46 ms of a 79 ms update at 96k sessions, growing with
-- the table until a nested loop looked cheaper, at ~430k sessions).
WITH extended AS MATERIALIZED (
    SELECT s.*, x.row_id
    FROM stage_session_rows s
    CROSS JOIN LATERAL (
        SELECT q.ctid AS row_id FROM fact_sessions q WHERE q.device_id = s.device_id AND q.session_start = s.session_start
        OFFSET 0) x
    WHERE s.extends)
UPDATE fact_sessions t
SET session_end = s.session_end,
    events = t.events + s.events,
    duration_seconds = extract(epoch FROM s.session_end - t.session_start)::double precision,
    bounce = false,
    exit_url = s.exit_url,
    orders = t.orders + s.orders,
    tail_event_id = s.tail_event_id,
    tail_campaign = s.tail_campaign,
    tail_timeout_s = s.timeout_s
FROM extended s
WHERE t.ctid = s.row_id AND t.ctid = ANY (ARRAY(SELECT row_id FROM extended));

INSERT INTO fact_sessions (device_id, session_start, session_end, events, duration_seconds, bounce, entry_url, exit_url,
                           landing_referrer, utm_source, utm_medium, utm_campaign, store_key, location_key,
                           user_agent_key, referrer_key, orders, is_bot, tail_event_id, tail_campaign, tail_timeout_s)
SELECT device_id, session_start, session_end, events, extract(epoch FROM session_end - session_start)::double precision,
       events = 1, entry_url, exit_url, landing_referrer, utm_source, utm_medium, utm_campaign, store_key, location_key,
       user_agent_key, referrer_key, orders, is_bot, tail_event_id, tail_campaign, timeout_s
FROM stage_session_rows
WHERE NOT extends
ORDER BY device_id, session_start;
