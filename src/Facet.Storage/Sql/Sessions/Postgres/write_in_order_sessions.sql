-- The in-order devices' extended sessions (stage_session_rows holds only those): the stored session each one extends,
-- updated in place, and its change for the session rollup (V010), from the stage and its stored row: it leaves the
-- rollup as it was (-1) and enters it as it is now (+1). The sessions after it are SessionWriter's: appended to
-- fact_sessions, with their +1 in session_rollup_changes, by the backend's bulk path (staged and inserted again, each
-- was written twice; issue 22). write_sessions.sql and write_session_rollup.sql capture the rebuilt devices' changes
-- only (issue 22: each read every scoped device's sessions through fact_sessions' key again, ~1.7 s per 1M events).
-- Each extended session is the one whose tail write_sessions.sql read for the device (session_scope.tail_row, in the
-- same transaction, after the device bucket locks were taken, so no one else has moved it): its stored row is fetched
-- by that ctid, per session behind OFFSET 0 (issue 22: a key probe per extended session had found it again), and
-- checked to be that session still. Left to join freely, the planner once estimated such a join at 1 row and looped
-- over all extended sessions for each of them (14M rows filtered, 5.8 s in one batch of a 1M load; issue 22,
-- BENCHMARKS.md). The rows are updated through a TID scan of the collected ctids: joined on ctid alone, the planner
-- hashed all of fact_sessions, read whole in every batch (46 ms of a 79 ms update at 96k sessions, growing with the
-- table until a nested loop looked cheaper, at ~430k sessions).
WITH extended AS MATERIALIZED (
    SELECT s.device_id, s.session_start, s.session_end, s.events, s.orders, s.exit_url, s.tail_event_id, s.tail_campaign,
           s.timeout_s, x.*
    FROM stage_session_rows s
    JOIN session_scope c ON c.device_id = s.device_id
    CROSS JOIN LATERAL (
        SELECT q.ctid AS row_id, q.events AS was_events, q.duration_seconds AS was_duration, q.orders AS was_orders,
               q.is_bot, q.store_key, q.location_key, q.user_agent_key, q.referrer_key, q.utm_medium, q.utm_campaign
        FROM fact_sessions q WHERE q.ctid = c.tail_row AND q.device_id = s.device_id AND q.session_start = s.session_start
        OFFSET 0) x
), changes AS (
    -- The session as it was, and as the UPDATE below makes it; the breakdown members are its first event's, unchanged.
    INSERT INTO session_rollup_changes (sign, session_start, is_bot, events, duration_seconds, orders, store_key,
                                        location_key, user_agent_key, referrer_key, utm_medium, utm_campaign)
    SELECT c.sign, s.session_start, s.is_bot,
           CASE WHEN c.sign < 0 THEN s.was_events ELSE s.was_events + s.events END,
           CASE WHEN c.sign < 0 THEN s.was_duration
                ELSE extract(epoch FROM s.session_end - s.session_start)::double precision END,
           CASE WHEN c.sign < 0 THEN s.was_orders ELSE s.was_orders + s.orders END,
           s.store_key, s.location_key, s.user_agent_key, s.referrer_key, s.utm_medium, s.utm_campaign
    FROM extended s
    CROSS JOIN (VALUES (-1), (1)) c(sign))
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

