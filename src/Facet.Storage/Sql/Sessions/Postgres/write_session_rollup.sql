-- The session rollup (V010) after the session writes: the sessions the rebuild wrote enter it as they are now (+1) and
-- the ones it deleted (captured by write_sessions.sql as they were, -1) leave it, with the in-order devices' changes
-- write_in_order_sessions.sql captured, all expanded over the seven breakdowns with the values V010 defines. A session
-- deleted and written again unchanged nets to zero and touches no row (measured: BENCHMARKS.md, "Issue 21: conversion
-- and sessions from the session rollup").
INSERT INTO session_rollup_changes (sign, session_start, is_bot, events, duration_seconds, orders, store_key, location_key,
                                    user_agent_key, referrer_key, utm_medium, utm_campaign)
SELECT 1, s.session_start, s.is_bot, s.events, s.duration_seconds, s.orders, s.store_key, s.location_key, s.user_agent_key,
       s.referrer_key, s.utm_medium, s.utm_campaign
FROM session_scope c
-- Each device's sessions through fact_sessions' key, as write_sessions.sql reads them (a free join hashed the table).
CROSS JOIN LATERAL (
    SELECT s.* FROM fact_sessions s WHERE s.device_id = c.device_id AND s.session_start >= c.from_ts OFFSET 0) s
WHERE NOT c.in_order;

-- The start quarter is computed once per change (numeric arithmetic, not once per breakdown), and the seven
-- breakdowns are aggregated by hashing in a CTE of their own: with the ORDER BY of the INSERT on the same statement level
-- PostgreSQL sorted all ~7 x net rows (spilling to disk at the default work_mem, text keys compared by the
-- database collation) to group them, the larger part of this statement's time (issue 22, BENCHMARKS.md). Only the
-- aggregated rows are sorted: in key order, so two workers merging overlapping rows lock them in the same order (no
-- deadlock).
INSERT INTO session_rollup AS t (breakdown, start_quarter, value, is_bot, sessions, bounces, sessions_with_order, events, duration_us)
WITH net AS (
    -- The changes summed per start quarter and breakdown member before the seven breakdowns: the rollup's measures
    -- are sums, so a session's -1 and +1 add up to its delta here (an extended session is one row instead of two, a
    -- rebuilt unchanged one none), and sessions sharing a quarter and members are one row (issue 22: the expansion
    -- and its aggregation were most of this statement).
    SELECT (floor(extract(epoch FROM session_start) / 900) * 900)::bigint AS start_quarter, is_bot, store_key,
           location_key, user_agent_key, referrer_key, utm_medium, utm_campaign,
           -- int, so the sums over them below stay bigint rather than numeric (a batch's deltas are far from 2^31)
           sum(sign)::int AS sessions, sum(CASE WHEN events = 1 THEN sign ELSE 0 END)::int AS bounces,
           sum(CASE WHEN orders > 0 THEN sign ELSE 0 END)::int AS sessions_with_order, sum(sign * events)::int AS events,
           sum(sign * round(duration_seconds * 1000000)::bigint) AS duration_us
    FROM session_rollup_changes
    GROUP BY 1, is_bot, store_key, location_key, user_agent_key, referrer_key, utm_medium, utm_campaign
    HAVING sum(sign) <> 0 OR sum(CASE WHEN events = 1 THEN sign ELSE 0 END) <> 0
        OR sum(CASE WHEN orders > 0 THEN sign ELSE 0 END) <> 0 OR sum(sign * events) <> 0
        OR sum(sign * round(duration_seconds * 1000000)::bigint) <> 0),
delta AS MATERIALIZED (
    -- Grouping sets, as V010's back-fill: each net row's members are named once and it enters the seven breakdowns'
    -- groups in one pass. A cross join with the seven breakdown names made seven rows of each, a name computed for each
    -- (issue 22, 1M events: 2.28-2.45 s per load, 2.08-2.09 s with grouping sets; DuckDB keeps the cross join).
    SELECT CASE WHEN GROUPING(g.store) = 0 THEN 'store' WHEN GROUPING(g.country) = 0 THEN 'country'
                WHEN GROUPING(g.device) = 0 THEN 'device' WHEN GROUPING(g.browser) = 0 THEN 'browser'
                WHEN GROUPING(g.medium) = 0 THEN 'medium' WHEN GROUPING(g.campaign) = 0 THEN 'campaign'
                ELSE 'all' END AS breakdown,
           g.start_quarter,
           CASE WHEN GROUPING(g.store) = 0 THEN g.store WHEN GROUPING(g.country) = 0 THEN g.country
                WHEN GROUPING(g.device) = 0 THEN g.device WHEN GROUPING(g.browser) = 0 THEN g.browser
                WHEN GROUPING(g.medium) = 0 THEN g.medium WHEN GROUPING(g.campaign) = 0 THEN g.campaign
                ELSE 'all' END AS value,
           g.is_bot,
           sum(g.sessions) AS sessions, sum(g.bounces) AS bounces, sum(g.sessions_with_order) AS sessions_with_order,
           sum(g.events) AS events, sum(g.duration_us) AS duration_us
    FROM (SELECT s.start_quarter, s.is_bot, s.sessions, s.bounces, s.sessions_with_order, s.events, s.duration_us,
                 coalesce(st.domain, 'store ' || st.store_id, 'Unknown') AS store,
                 coalesce(l.country_code, '(unknown)') AS country,
                 u.device_type AS device,
                 u.browser AS browser,
                 coalesce(r.medium, '') || chr(31) || coalesce(s.utm_medium, '') AS medium,
                 coalesce(nullif(s.utm_campaign, ''), '(none)') AS campaign
          FROM net s
          JOIN dim_store st ON st.store_key = s.store_key
          JOIN dim_location l ON l.location_key = s.location_key
          JOIN dim_user_agent u ON u.user_agent_key = s.user_agent_key
          JOIN dim_referrer r ON r.referrer_key = s.referrer_key) g
    GROUP BY GROUPING SETS ((g.start_quarter, g.is_bot), (g.start_quarter, g.is_bot, g.store),
                            (g.start_quarter, g.is_bot, g.country), (g.start_quarter, g.is_bot, g.device),
                            (g.start_quarter, g.is_bot, g.browser), (g.start_quarter, g.is_bot, g.medium),
                            (g.start_quarter, g.is_bot, g.campaign)))
SELECT breakdown, start_quarter, value, is_bot, sessions, bounces, sessions_with_order, events, duration_us
FROM delta
WHERE sessions <> 0 OR events <> 0 OR duration_us <> 0 OR sessions_with_order <> 0
ORDER BY 1, 2, 3, 4
ON CONFLICT (breakdown, start_quarter, value, is_bot) DO UPDATE
SET sessions = t.sessions + excluded.sessions,
    bounces = t.bounces + excluded.bounces,
    sessions_with_order = t.sessions_with_order + excluded.sessions_with_order,
    events = t.events + excluded.events,
    duration_us = t.duration_us + excluded.duration_us;
