-- Issue 21: the session rollup. Conversion (sessions with an order ÷ sessions) and the sessions report read it instead
-- of a day's fact_sessions rows (~10^5 at 10M facts). One row per (breakdown, UTC quarter hour of the session start,
-- breakdown value, bot flag): a session adds to one row of each of the seven breakdowns. Quarter hours because every
-- modern UTC offset is a multiple of 15 minutes, so any zone's day (Asia/Kolkata included) is a whole number of them.
-- Kept by delta in the batch transaction (Sql/Sessions/*/write_session_rollup.sql): the sessions a rebuild deletes are
-- subtracted, the ones it writes added. Values: store = domain, 'store N' or 'Unknown'; country = IP country or
-- '(unknown)'; device, browser = the user agent's; medium = referrer medium || chr(31) || utm_medium (the report
-- resolves the channel in C#, TrafficChannel); campaign = utm_campaign or '(none)'; all = 'all'.
CREATE TABLE session_rollup (
    breakdown           text NOT NULL,
    start_quarter       bigint NOT NULL,                 -- Unix seconds of the quarter hour (UTC) the session started in
    value               text NOT NULL,
    is_bot              boolean NOT NULL,
    sessions            bigint NOT NULL,
    bounces             bigint NOT NULL,
    sessions_with_order bigint NOT NULL,
    events              bigint NOT NULL,
    duration_us         bigint NOT NULL,                 -- Σ (session_end − session_start) in µs: integers add exactly
    PRIMARY KEY (breakdown, start_quarter, value, is_bot)
);

-- Back-fill from the sessions already stored: one pass over fact_sessions into the seven breakdowns' groups (grouping
-- sets; a cross join with the seven breakdown names aggregated seven rows per session: 13 min of a 10M-fact
-- warehouse's migration, the same rows 1.5x faster at 2M), in primary key order (the index is appended to).
INSERT INTO session_rollup (breakdown, start_quarter, value, is_bot, sessions, bounces, sessions_with_order, events, duration_us)
SELECT CASE WHEN GROUPING(g.store) = 0 THEN 'store' WHEN GROUPING(g.country) = 0 THEN 'country' WHEN GROUPING(g.device) = 0 THEN 'device'
            WHEN GROUPING(g.browser) = 0 THEN 'browser' WHEN GROUPING(g.medium) = 0 THEN 'medium' WHEN GROUPING(g.campaign) = 0 THEN 'campaign'
            ELSE 'all' END,
       g.start_quarter,
       CASE WHEN GROUPING(g.store) = 0 THEN g.store WHEN GROUPING(g.country) = 0 THEN g.country WHEN GROUPING(g.device) = 0 THEN g.device
            WHEN GROUPING(g.browser) = 0 THEN g.browser WHEN GROUPING(g.medium) = 0 THEN g.medium WHEN GROUPING(g.campaign) = 0 THEN g.campaign
            ELSE 'all' END,
       g.is_bot, count(*), count(*) FILTER (WHERE g.events = 1), count(*) FILTER (WHERE g.orders > 0), sum(g.events),
       sum(round(g.duration_seconds * 1000000)::bigint)
FROM (SELECT (floor(extract(epoch FROM s.session_start) / 900) * 900)::bigint AS start_quarter, s.is_bot, s.events, s.orders, s.duration_seconds,
             coalesce(st.domain, 'store ' || st.store_id, 'Unknown') AS store,
             coalesce(l.country_code, '(unknown)') AS country,
             u.device_type AS device,
             u.browser AS browser,
             coalesce(r.medium, '') || chr(31) || coalesce(s.utm_medium, '') AS medium,
             coalesce(nullif(s.utm_campaign, ''), '(none)') AS campaign
      FROM fact_sessions s
      JOIN dim_store st ON st.store_key = s.store_key
      JOIN dim_location l ON l.location_key = s.location_key
      JOIN dim_user_agent u ON u.user_agent_key = s.user_agent_key
      JOIN dim_referrer r ON r.referrer_key = s.referrer_key) g
GROUP BY GROUPING SETS ((g.start_quarter, g.is_bot), (g.start_quarter, g.is_bot, g.store), (g.start_quarter, g.is_bot, g.country),
                        (g.start_quarter, g.is_bot, g.device), (g.start_quarter, g.is_bot, g.browser), (g.start_quarter, g.is_bot, g.medium),
                        (g.start_quarter, g.is_bot, g.campaign))
ORDER BY 1, 2, 3, 4;
