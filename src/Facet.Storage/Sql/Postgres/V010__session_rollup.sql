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

-- Back-fill from the sessions already stored.
INSERT INTO session_rollup (breakdown, start_quarter, value, is_bot, sessions, bounces, sessions_with_order, events, duration_us)
SELECT b.breakdown,
       (floor(extract(epoch FROM s.session_start) / 900) * 900)::bigint,
       CASE b.breakdown
           WHEN 'store' THEN coalesce(st.domain, 'store ' || st.store_id, 'Unknown')
           WHEN 'country' THEN coalesce(l.country_code, '(unknown)')
           WHEN 'device' THEN u.device_type
           WHEN 'browser' THEN u.browser
           WHEN 'medium' THEN coalesce(r.medium, '') || chr(31) || coalesce(s.utm_medium, '')
           WHEN 'campaign' THEN coalesce(nullif(s.utm_campaign, ''), '(none)')
           ELSE 'all' END,
       s.is_bot, count(*), count(*) FILTER (WHERE s.events = 1), count(*) FILTER (WHERE s.orders > 0), sum(s.events),
       sum(round(s.duration_seconds * 1000000)::bigint)
FROM fact_sessions s
JOIN dim_store st ON st.store_key = s.store_key
JOIN dim_location l ON l.location_key = s.location_key
JOIN dim_user_agent u ON u.user_agent_key = s.user_agent_key
JOIN dim_referrer r ON r.referrer_key = s.referrer_key
CROSS JOIN (VALUES ('all'), ('store'), ('country'), ('device'), ('browser'), ('medium'), ('campaign')) b(breakdown)
GROUP BY 1, 2, 3, 4
ORDER BY 1, 2, 3, 4;  -- primary key order: the index is appended to, not inserted into at random
