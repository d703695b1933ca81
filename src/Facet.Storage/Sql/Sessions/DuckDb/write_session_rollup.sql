-- The session rollup (V010) after the session writes: the sessions the rebuild wrote enter it (+1) and the ones it
-- deleted (captured by write_sessions.sql, -1) leave it, with the in-order devices' changes write_in_order_sessions.sql
-- captured, all expanded over the seven breakdowns with the values V010 defines. A session deleted and written again
-- unchanged nets to zero and touches no row (measured: BENCHMARKS.md, "Issue 21: conversion and sessions from the
-- session rollup").
INSERT INTO session_rollup_changes (sign, session_start, is_bot, events, duration_seconds, orders, store_key, location_key,
                                    user_agent_key, referrer_key, utm_medium, utm_campaign)
SELECT 1, s.session_start, s.is_bot, s.events, s.duration_seconds, s.orders, s.store_key, s.location_key, s.user_agent_key,
       s.referrer_key, s.utm_medium, s.utm_campaign
FROM fact_sessions s
JOIN session_scope c ON c.device_id = s.device_id AND s.session_start >= c.from_ts AND NOT c.in_order;

-- (DuckDB has one writer per file: the key order only matters on PostgreSQL.)
INSERT INTO session_rollup (breakdown, start_quarter, value, is_bot, sessions, bounces, sessions_with_order, events, duration_us)
WITH net AS (
    -- The changes summed per start quarter and breakdown member before the seven-fold expansion (the measures are sums:
    -- a session's -1 and +1 add up to its delta, a rebuilt unchanged one to none; Postgres/write_session_rollup.sql).
    SELECT CAST(floor(epoch_us(session_start) / 900000000.0) AS BIGINT) * 900 AS start_quarter, is_bot, store_key,
           location_key, user_agent_key, referrer_key, utm_medium, utm_campaign,
           sum(sign) AS sessions, sum(CASE WHEN events = 1 THEN sign ELSE 0 END) AS bounces,
           sum(CASE WHEN orders > 0 THEN sign ELSE 0 END) AS sessions_with_order, sum(sign * events) AS events,
           sum(sign * CAST(round(duration_seconds * 1000000) AS BIGINT)) AS duration_us
    FROM session_rollup_changes
    GROUP BY 1, is_bot, store_key, location_key, user_agent_key, referrer_key, utm_medium, utm_campaign
    HAVING sum(sign) <> 0 OR sum(CASE WHEN events = 1 THEN sign ELSE 0 END) <> 0
        OR sum(CASE WHEN orders > 0 THEN sign ELSE 0 END) <> 0 OR sum(sign * events) <> 0
        OR sum(sign * CAST(round(duration_seconds * 1000000) AS BIGINT)) <> 0)
-- A cross join with the seven breakdown names, not PostgreSQL's grouping sets: DuckDB took longer over those (1M
-- events: 1.03-1.09 s against 1.38-1.42 s per load, issue 22, BENCHMARKS.md).
SELECT b.breakdown,
       s.start_quarter,
       CASE b.breakdown
           WHEN 'store' THEN coalesce(st.domain, 'store ' || st.store_id, 'Unknown')
           WHEN 'country' THEN coalesce(l.country_code, '(unknown)')
           WHEN 'device' THEN u.device_type
           WHEN 'browser' THEN u.browser
           WHEN 'medium' THEN coalesce(r.medium, '') || chr(31) || coalesce(s.utm_medium, '')
           WHEN 'campaign' THEN coalesce(nullif(s.utm_campaign, ''), '(none)')
           ELSE 'all' END AS value,
       s.is_bot,
       sum(s.sessions), sum(s.bounces), sum(s.sessions_with_order), sum(s.events), sum(s.duration_us)
-- LEFT joins, in this order, though every key has its member (so they match what inner joins would): DuckDB reorders
-- inner joins by its estimates and joined dim_location with dim_referrer first, a cross product of the two (2.9M rows at
-- 16,556 locations) that grew with dim_location batch after batch, 14 -> 450 ms per batch over a 1M-event load
-- (issue 22, BENCHMARKS.md); outer joins keep the written order, each a lookup of the net sessions' keys.
FROM net s
LEFT JOIN dim_store st ON st.store_key = s.store_key
LEFT JOIN dim_location l ON l.location_key = s.location_key
LEFT JOIN dim_user_agent u ON u.user_agent_key = s.user_agent_key
LEFT JOIN dim_referrer r ON r.referrer_key = s.referrer_key
CROSS JOIN (VALUES ('all'), ('store'), ('country'), ('device'), ('browser'), ('medium'), ('campaign')) b(breakdown)
GROUP BY 1, 2, 3, 4
HAVING sum(s.sessions) <> 0 OR sum(s.events) <> 0 OR sum(s.duration_us) <> 0 OR sum(s.sessions_with_order) <> 0
ON CONFLICT (breakdown, start_quarter, value, is_bot) DO UPDATE
SET sessions = sessions + excluded.sessions,
    bounces = bounces + excluded.bounces,
    sessions_with_order = sessions_with_order + excluded.sessions_with_order,
    events = events + excluded.events,
    duration_us = duration_us + excluded.duration_us;
