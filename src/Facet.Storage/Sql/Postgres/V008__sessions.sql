-- Sessions (issue 21): one row per device visit, kept by the batch transaction (Sql/Sessions/Postgres/write_sessions.sql;
-- definitions in docs/reports.md, "Sessions"). The facts already stored are sessionized here once, with the default
-- 30-minute timeout.
CREATE TABLE fact_sessions (
    device_id        text NOT NULL,
    session_start    timestamptz NOT NULL,
    session_end      timestamptz NOT NULL,
    events           integer NOT NULL,
    duration_seconds double precision NOT NULL,
    bounce           boolean NOT NULL,                 -- one event
    entry_url        text,
    exit_url         text,
    landing_referrer text,
    utm_source       text,
    utm_medium       text,
    utm_campaign     text,
    store_key        integer NOT NULL,                 -- the first event's dimension members
    location_key     integer NOT NULL,
    user_agent_key   integer NOT NULL,
    referrer_key     integer NOT NULL,
    orders           integer NOT NULL,                 -- checkout_success events in the session
    is_bot           boolean NOT NULL,
    PRIMARY KEY (device_id, session_start)
);

-- Events that arrived beyond the late bound: counted, never sessionized (their facts are stored like any other).
CREATE TABLE session_late_events (
    event_key  uuid PRIMARY KEY,
    device_id  text NOT NULL,
    event_ts   timestamptz NOT NULL,
    arrived_at timestamptz NOT NULL
);
CREATE INDEX session_late_events_device ON session_late_events (device_id);

-- Rebuilding a device's sessions reads its facts from a point in time on.
CREATE INDEX fact_events_device_ts ON fact_events (device_id, event_ts);

-- Back-fill from the facts already stored.
INSERT INTO fact_sessions (device_id, session_start, session_end, events, duration_seconds, bounce, entry_url, exit_url,
                           landing_referrer, utm_source, utm_medium, utm_campaign, store_key, location_key,
                           user_agent_key, referrer_key, orders, is_bot)
WITH ev AS (
    SELECT f.device_id, f.event_ts, f.event_id, f.collection, f.current_url, f.referrer_url, f.utm_source, f.utm_medium,
           f.utm_campaign, f.store_key, f.location_key, f.user_agent_key, f.referrer_key, f.is_bot, c.timeout_s,
           f.event_ts > lag(f.event_ts) OVER w + make_interval(secs => c.timeout_s)
               OR lag(f.event_ts) OVER w IS NULL AS visit_start
    FROM fact_events f, (SELECT 1800 AS timeout_s) c
    WHERE f.device_id IS NOT NULL
    WINDOW w AS (PARTITION BY f.device_id ORDER BY f.event_ts, f.event_id COLLATE "C")
), visits AS (
    SELECT ev.*, sum(visit_start::int) OVER (PARTITION BY device_id ORDER BY event_ts, event_id COLLATE "C" ROWS UNBOUNDED PRECEDING) AS visit
    FROM ev
), runs AS (
    SELECT visits.*, count(utm_campaign) OVER (PARTITION BY device_id, visit ORDER BY event_ts, event_id COLLATE "C" ROWS UNBOUNDED PRECEDING) AS campaign_run
    FROM visits
), carried AS (
    SELECT runs.*, first_value(utm_campaign) OVER (PARTITION BY device_id, visit, campaign_run ORDER BY event_ts, event_id COLLATE "C") AS campaign_so_far
    FROM runs
), marked AS (
    SELECT carried.*,
           visit_start OR (utm_campaign IS NOT NULL
                           AND utm_campaign IS DISTINCT FROM lag(campaign_so_far) OVER (PARTITION BY device_id, visit ORDER BY event_ts, event_id COLLATE "C")
                           AND event_ts > lag(event_ts) OVER (PARTITION BY device_id, visit ORDER BY event_ts, event_id COLLATE "C")) AS session_begins
    FROM carried
), numbered AS (
    SELECT marked.*, sum(session_begins::int) OVER (PARTITION BY device_id ORDER BY event_ts, event_id COLLATE "C" ROWS UNBOUNDED PRECEDING) AS session_no
    FROM marked
), placed AS (
    -- First and last event of each session by position, not by ordered aggregates (DuckDB keeps a sort buffer per
    -- group for those, which ran out of memory on 12k sessions a batch).
    SELECT numbered.*,
           row_number() OVER (PARTITION BY device_id, session_no ORDER BY event_ts, event_id COLLATE "C") AS pos,
           count(*) OVER (PARTITION BY device_id, session_no) AS session_events
    FROM numbered
)
SELECT device_id, min(event_ts), max(event_ts), count(*), extract(epoch FROM max(event_ts) - min(event_ts))::double precision,
       count(*) = 1,
       max(current_url) FILTER (WHERE pos = 1),
       max(current_url) FILTER (WHERE pos = session_events),
       max(referrer_url) FILTER (WHERE pos = 1),
       max(utm_source) FILTER (WHERE pos = 1),
       max(utm_medium) FILTER (WHERE pos = 1),
       max(utm_campaign) FILTER (WHERE pos = 1),
       max(store_key) FILTER (WHERE pos = 1),
       max(location_key) FILTER (WHERE pos = 1),
       max(user_agent_key) FILTER (WHERE pos = 1),
       max(referrer_key) FILTER (WHERE pos = 1),
       count(*) FILTER (WHERE collection = 'checkout_success'),
       bool_or(is_bot) FILTER (WHERE pos = 1)
FROM placed
GROUP BY device_id, session_no
ORDER BY 1, 2;  -- primary key order: the index is appended to, not inserted into at random pages

-- Built after the back-fill: one sort of the table instead of an index insert per session at random pages (the
-- back-fill comes out by device). The same index either way.
CREATE INDEX fact_sessions_start ON fact_sessions (session_start);
