-- Sessions of the devices this batch touched, kept inside the batch transaction (docs/reports.md, "Sessions"). The two
-- paths of Sessions/Postgres/write_sessions.sql:
-- * in order (most devices of a stream): every new event of the device comes after the tail of its latest session (its
--   last event by time, then event_id), that session is the only one the new events can reach, and it was cut with the
--   timeout in force (V016). This script only marks the device (session_scope.in_order); SessionWriter cuts its new
--   events in memory (SessionCutter), write_in_order_sessions.sql extends the session in place and SessionWriter
--   appends later ones. No stored fact is re-read (issue 22: the rebuild of every touched device re-read its open session's facts,
--   the largest DuckDB statement of a 1M-event load, growing batch by batch with the long sessions of a day).
-- * rebuild (any other device: an event before the tail, a session written before the tails were kept, a changed
--   timeout): a device's sessions before the first one the new events can reach stay as they are; from there on they
--   are deleted and recomputed from its facts, so an out-of-order event lands exactly where a full recomputation would
--   put it.
-- The two temp tables below are dropped and created again per batch, never emptied by DELETE: DuckDB keeps deleted
-- rows of a temp table in memory (it never checkpoints one), so they grew for as long as facet ran (BENCHMARKS.md,
-- "DuckDB staging memory over a long run").
DROP TABLE IF EXISTS temp.main.session_scope;

CREATE TEMP TABLE session_scope (
    device_id     text NOT NULL,
    from_ts       timestamptz NOT NULL,
    timeout_s     integer NOT NULL,
    in_order      boolean NOT NULL,
    tail_ts       timestamptz,         -- in order and extending a stored session: that session's tail
    tail_event_id text,
    tail_campaign text
);

-- The sessions this batch deletes or extends (sign -1, as they were) and writes or extends (+1, as they are), for the
-- session rollup (V010).
DROP TABLE IF EXISTS temp.main.session_rollup_changes;

CREATE TEMP TABLE session_rollup_changes (
    sign             integer NOT NULL,
    session_start    timestamptz NOT NULL,
    is_bot           boolean NOT NULL,
    events           integer NOT NULL,
    duration_seconds double  NOT NULL,
    orders           integer NOT NULL,
    store_key        integer NOT NULL,
    location_key     integer NOT NULL,
    user_agent_key   integer NOT NULL,
    referrer_key     integer NOT NULL,
    utm_medium       text,
    utm_campaign     text
);

-- Beyond the late bound (older than the device's last session end minus the bound): counted here and never
-- sessionized, now or later. The fact itself is stored like any other.
-- Only devices with a staged event that could be late are looked up: no stored session ends after the hour of the
-- latest stored fact (rollup_collection_hourly holds every fact's UTC hour, this batch's included), so in a stream
-- arriving in order no device is, and fact_sessions is not read (as Sessions/Postgres/write_sessions.sql; issue 22).
-- @count
INSERT INTO session_late_events (event_key, device_id, event_ts, arrived_at)
SELECT n.event_key, n.device_id, n.event_ts, n.arrived_at
FROM stage_session_events n
JOIN (SELECT s.device_id, max(s.session_end) AS last_end
      FROM fact_sessions s
      WHERE s.device_id IN (
          SELECT d.device_id
          FROM stage_session_events d
          GROUP BY d.device_id
          HAVING min(d.event_ts + to_seconds(d.late_bound_s))
                 < coalesce((SELECT max(h.hour_utc) FROM rollup_collection_hourly h) + INTERVAL 1 HOUR, 'infinity'::timestamptz))
      GROUP BY s.device_id) l ON l.device_id = n.device_id
WHERE n.event_ts < l.last_end - to_seconds(n.late_bound_s)
  AND NOT EXISTS (SELECT 1 FROM session_late_events e WHERE e.event_key = n.event_key);

-- Per device: from its earliest new event, or from the start of the first stored session that event could join; and
-- whether the device takes the in-order path. A session cut before the campaign or the gap of a later one ends before
-- that one starts, so when exactly one stored session is reachable it is the device's latest.
INSERT INTO session_scope (device_id, from_ts, timeout_s, in_order, tail_ts, tail_event_id, tail_campaign)
WITH touched AS (
    -- Each device's first new event in session order. Every staged row carries the same timeout and rebuild flag.
    SELECT DISTINCT ON (n.device_id) n.device_id, n.event_ts AS first_new, n.event_id AS first_new_id, n.timeout_s, n.rebuild
    FROM stage_session_events n
    WHERE NOT EXISTS (SELECT 1 FROM session_late_events l WHERE l.event_key = n.event_key)
    ORDER BY n.device_id, n.event_ts, n.event_id
), reached AS (
    -- One join with fact_sessions (a scan of the table each): with exactly one reachable session, the only case whose
    -- tail counts (the test below), the aggregates are that session's own columns (issue 22: a second join on the
    -- first reachable session's key scanned the table again in every batch).
    SELECT t.device_id, t.first_new, t.first_new_id, t.timeout_s, t.rebuild, min(s.session_start) AS first_reached,
           count(s.session_start) AS sessions_reached, min(s.session_end) AS session_end,
           min(s.tail_event_id) AS tail_event_id, min(s.tail_timeout_s) AS tail_timeout_s,
           min(s.tail_campaign) AS tail_campaign
    FROM touched t
    LEFT JOIN fact_sessions s ON s.device_id = t.device_id AND s.session_end >= t.first_new - to_seconds(t.timeout_s)
    GROUP BY t.device_id, t.first_new, t.first_new_id, t.timeout_s, t.rebuild
)
SELECT r.device_id, least(r.first_new, coalesce(r.first_reached, r.first_new)), r.timeout_s,
       -- No session reachable: every stored one ended before the new events by more than the timeout, so they start a
       -- visit and nothing stored is re-read either way.
       NOT r.rebuild
       AND (r.sessions_reached = 0
       OR (r.sessions_reached = 1
           AND coalesce(r.tail_timeout_s = r.timeout_s
                        AND (r.first_new > r.session_end
                             OR (r.first_new = r.session_end AND r.first_new_id > r.tail_event_id)),
                        false))),
       CASE WHEN r.sessions_reached = 1 THEN r.session_end END,
       CASE WHEN r.sessions_reached = 1 THEN r.tail_event_id END,
       CASE WHEN r.sessions_reached = 1 THEN r.tail_campaign END
FROM reached r;

-- The session rollup (V010) follows every batch by delta: the rebuilt devices' sessions about to be deleted leave it
-- here, and write_session_rollup.sql adds back what they are afterwards. The in-order devices' changes are
-- write_in_order_sessions.sql's, from what it writes.
INSERT INTO session_rollup_changes (sign, session_start, is_bot, events, duration_seconds, orders, store_key, location_key,
                                    user_agent_key, referrer_key, utm_medium, utm_campaign)
SELECT -1, s.session_start, s.is_bot, s.events, s.duration_seconds, s.orders, s.store_key, s.location_key, s.user_agent_key,
       s.referrer_key, s.utm_medium, s.utm_campaign
FROM fact_sessions s
JOIN session_scope c ON c.device_id = s.device_id AND s.session_start >= c.from_ts AND NOT c.in_order;

DELETE FROM fact_sessions s USING session_scope c
WHERE s.device_id = c.device_id AND s.session_start >= c.from_ts AND NOT c.in_order;

-- A session ends after timeout_s of inactivity or where an event brings a UTM campaign other than the last one seen in
-- the visit (a campaign after campaign-less events counts as a change) at a later instant than the event before it:
-- sessions never share an instant, so a device's sessions are disjoint in time. Ties in time are ordered by event_id
-- (byte order). SessionCutter applies the same rules to in-order devices.
-- The rebuilt devices' facts are read once (src, with their row ids); the window passes carry only what decides the
-- boundaries (keys, times, the campaign), and the strings and members a session shows are picked from src for its
-- first and last events only (issue 22: carrying URLs and referrers through six sorts was most of this statement's
-- cost). A session's tail is what a later batch continues from: its last event's id and the visit's last campaign at
-- that event (campaign_so_far).
INSERT INTO fact_sessions (device_id, session_start, session_end, events, duration_seconds, bounce, entry_url, exit_url,
                           landing_referrer, utm_source, utm_medium, utm_campaign, store_key, location_key,
                           user_agent_key, referrer_key, orders, is_bot, tail_event_id, tail_campaign, tail_timeout_s)
WITH src AS MATERIALIZED (
    SELECT f.rowid AS rid, f.device_id, f.event_ts, f.event_id, f.collection, f.current_url, f.referrer_url,
           f.utm_source, f.utm_medium, f.utm_campaign, f.store_key, f.location_key, f.user_agent_key, f.referrer_key,
           f.is_bot, c.timeout_s
    FROM session_scope c
    JOIN fact_events f ON f.device_id = c.device_id AND f.event_ts >= c.from_ts
    WHERE NOT c.in_order
      AND NOT EXISTS (SELECT 1 FROM session_late_events l WHERE l.event_key = f.event_key)
), ev AS (
    SELECT rid, device_id, event_ts, event_id, utm_campaign, timeout_s, collection = 'checkout_success' AS is_order,
           event_ts > lag(event_ts) OVER w + to_seconds(timeout_s)
               OR lag(event_ts) OVER w IS NULL AS visit_start
    FROM src
    WINDOW w AS (PARTITION BY device_id ORDER BY event_ts, event_id)
), visits AS (
    SELECT ev.*, sum(visit_start::int) OVER (PARTITION BY device_id ORDER BY event_ts, event_id ROWS UNBOUNDED PRECEDING) AS visit
    FROM ev
), runs AS (
    SELECT visits.*, count(utm_campaign) OVER (PARTITION BY device_id, visit ORDER BY event_ts, event_id ROWS UNBOUNDED PRECEDING) AS campaign_run
    FROM visits
), carried AS (
    SELECT runs.*, first_value(utm_campaign) OVER (PARTITION BY device_id, visit, campaign_run ORDER BY event_ts, event_id) AS campaign_so_far
    FROM runs
), marked AS (
    SELECT carried.*,
           visit_start OR (utm_campaign IS NOT NULL
                           AND utm_campaign IS DISTINCT FROM lag(campaign_so_far) OVER (PARTITION BY device_id, visit ORDER BY event_ts, event_id)
                           AND event_ts > lag(event_ts) OVER (PARTITION BY device_id, visit ORDER BY event_ts, event_id)) AS session_begins
    FROM carried
), numbered AS (
    -- A session's first event is the one that begins it; its last is the one before the next beginning (or the
    -- device's last event).
    SELECT marked.*,
           sum(session_begins::int) OVER (PARTITION BY device_id ORDER BY event_ts, event_id ROWS UNBOUNDED PRECEDING) AS session_no,
           coalesce(lead(session_begins) OVER (PARTITION BY device_id ORDER BY event_ts, event_id), true) AS session_ends
    FROM marked
), sessions AS (
    SELECT device_id, min(event_ts) AS session_start, max(event_ts) AS session_end, count(*) AS events,
           count(*) FILTER (WHERE is_order) AS orders,
           max(rid) FILTER (WHERE session_begins) AS first_rid,
           max(rid) FILTER (WHERE session_ends) AS last_rid,
           max(event_id) FILTER (WHERE session_ends) AS tail_event_id,
           max(campaign_so_far) FILTER (WHERE session_ends) AS tail_campaign,
           min(timeout_s) AS timeout_s
    FROM numbered
    GROUP BY device_id, session_no
)
SELECT s.device_id, s.session_start, s.session_end, s.events, (epoch_us(s.session_end) - epoch_us(s.session_start)) / 1000000,
       s.events = 1,
       fe.current_url, le.current_url, fe.referrer_url, fe.utm_source, fe.utm_medium, fe.utm_campaign, fe.store_key,
       fe.location_key, fe.user_agent_key, fe.referrer_key, s.orders, fe.is_bot, s.tail_event_id, s.tail_campaign,
       s.timeout_s
FROM sessions s
JOIN src fe ON fe.rid = s.first_rid
JOIN src le ON le.rid = s.last_rid;
