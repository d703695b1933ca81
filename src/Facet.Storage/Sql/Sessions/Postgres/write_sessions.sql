-- Sessions of the devices this batch touched, kept inside the batch transaction (docs/reports.md, "Sessions"). Two
-- paths give the rows a full recomputation would:
-- * in order (most devices of a stream): every new event of the device comes after the tail of its latest session (its
--   last event by time, then event_id), that session is the only one the new events can reach, and it was cut with the
--   timeout in force (V016). Its tail (session_end, tail_event_id, tail_campaign) is all the rules need of the past:
--   this script only marks the device (session_scope.in_order); SessionWriter cuts its new events in memory
--   (SessionCutter), write_in_order_sessions.sql extends the session in place and SessionWriter appends later ones. No
--   stored fact is re-read (issue 22: re-reading every touched device's open session, then running the window passes over its
--   new events in SQL, were the largest PostgreSQL costs per event).
-- * rebuild (any other device: an event before the tail, a session written before V016, a changed timeout): a
--   device's sessions before the first one the new events can reach stay as they are; from there on they are deleted
--   and recomputed from the facts below, so an out-of-order event lands exactly where a full recomputation would put
--   it.
CREATE TEMP TABLE IF NOT EXISTS session_scope (
    device_id     text COLLATE "C" PRIMARY KEY,  -- bytewise, as in every table holding device ids (V021)
    from_ts       timestamptz NOT NULL,
    timeout_s     integer NOT NULL,
    in_order      boolean NOT NULL,
    tail_ts       timestamptz,         -- in order and extending a stored session: that session's tail
    tail_event_id text,
    tail_campaign text,
    tail_row      tid                  -- and its row, which write_in_order_sessions.sql updates without a key probe
) ON COMMIT DELETE ROWS;

-- The sessions this batch deletes or extends (sign -1, as they were) and writes or extends (+1, as they are), for the
-- session rollup (V010).
CREATE TEMP TABLE IF NOT EXISTS session_rollup_changes (
    sign             integer NOT NULL,
    session_start    timestamptz NOT NULL,
    is_bot           boolean NOT NULL,
    events           integer NOT NULL,
    duration_seconds double precision NOT NULL,
    orders           integer NOT NULL,
    store_key        integer NOT NULL,
    location_key     integer NOT NULL,
    user_agent_key   integer NOT NULL,
    referrer_key     integer NOT NULL,
    utm_medium       text,
    utm_campaign     text
) ON COMMIT DELETE ROWS;

-- The touched devices' bucket locks are held already (lock_session_devices.sql, run by SessionWriter before it stages
-- the rest of the events the probe below needs).

-- Beyond the late bound (older than the device's last session end minus the bound): counted here and never
-- sessionized, now or later. The fact itself is stored like any other.
-- Every statement below reaches a touched device's stored sessions through fact_sessions' key (device_id first), per
-- device in a LATERAL subquery: joined freely, the planner hashed or sorted all of fact_sessions in every batch, a cost
-- growing with the table rather than with the batch (issue 22, BENCHMARKS.md).
-- @count
INSERT INTO session_late_events (event_key, device_id, event_ts, arrived_at)
SELECT n.event_key, n.device_id, n.event_ts, n.arrived_at
-- Only devices with a staged event that could be late are probed: no stored session ends after the hour of the latest
-- stored fact (rollup_collection_hourly holds every fact's UTC hour, this batch's included, and keeps them; its key
-- leads with hour_utc, so max is one index probe). In a stream arriving in order that is no device at all (issue 22:
-- the probe per touched device cost 2.15 s per 1M events and found none).
FROM (SELECT n.device_id
      FROM stage_session_events n
      GROUP BY n.device_id
      HAVING min(n.event_ts + make_interval(secs => n.late_bound_s))
             < coalesce((SELECT max(h.hour_utc) FROM rollup_collection_hourly h) + interval '1 hour', 'infinity')) d
-- A device's sessions are disjoint in time (below), so the one that starts last ends last: one row read backwards.
CROSS JOIN LATERAL (
    SELECT s.session_end AS last_end FROM fact_sessions s WHERE s.device_id = d.device_id ORDER BY s.session_start DESC LIMIT 1) l
JOIN stage_session_events n ON n.device_id = d.device_id
WHERE n.event_ts < l.last_end - make_interval(secs => n.late_bound_s)
ON CONFLICT (event_key) DO NOTHING;

-- Per device: from its earliest new event, or from the start of the first stored session that event could join; and
-- whether the device takes the in-order path. A session cut before the campaign or the gap of a later one ends before
-- that one starts, so when exactly one stored session is reachable it is the device's latest.
INSERT INTO session_scope (device_id, from_ts, timeout_s, in_order, tail_ts, tail_event_id, tail_campaign, tail_row)
WITH touched AS (
    -- Each device's first new event in session order: one sort of the stage, which has no index to probe per device
    -- (a correlated test per device cost a scan of the stage each, ~100 s per 200k events). Every staged row carries
    -- the same timeout and rebuild flag.
    SELECT DISTINCT ON (n.device_id) n.device_id, n.event_ts AS first_new, n.event_id AS first_new_id, n.timeout_s, n.rebuild
    FROM stage_session_events n
    WHERE NOT EXISTS (SELECT 1 FROM session_late_events l WHERE l.event_key = n.event_key)
    ORDER BY n.device_id, n.event_ts, n.event_id COLLATE "C"
), reached AS (
    -- One walk of the device's key from its first reachable session, stopping at the second: what decides the path is
    -- none, one or more, and the first one's start; when there is exactly one, the aggregates are that session's own
    -- columns (its tail and row), read in the same walk (issue 22: a count over every reachable session, then a
    -- second probe for the tail, were two key probes per touched device in every batch).
    SELECT t.device_id, t.first_new, t.first_new_id, t.timeout_s, t.rebuild, s.*
    FROM touched t
    CROSS JOIN LATERAL (
        SELECT count(*) AS sessions_reached, min(q.session_start) AS first_reached, min(q.session_end) AS session_end,
               min(q.tail_event_id) AS tail_event_id, min(q.tail_timeout_s) AS tail_timeout_s,
               min(q.tail_campaign) AS tail_campaign, min(q.row_id) AS row_id
        FROM (SELECT q.session_start, q.session_end, q.tail_event_id, q.tail_timeout_s, q.tail_campaign, q.ctid AS row_id
              FROM fact_sessions q
              WHERE q.device_id = t.device_id AND q.session_end >= t.first_new - make_interval(secs => t.timeout_s)
              ORDER BY q.session_start
              LIMIT 2) q) s
)
SELECT r.device_id, least(r.first_new, coalesce(r.first_reached, r.first_new)), r.timeout_s,
       -- No session reachable: every stored one ended before the new events by more than the timeout, so they start a
       -- visit and nothing stored is re-read either way.
       NOT r.rebuild
       AND (r.sessions_reached = 0
       OR (r.sessions_reached = 1
           AND coalesce(r.tail_timeout_s = r.timeout_s
                        AND (r.first_new > r.session_end
                             OR (r.first_new = r.session_end AND r.first_new_id COLLATE "C" > r.tail_event_id)),
                        false))),
       CASE WHEN r.sessions_reached = 1 THEN r.session_end END,
       CASE WHEN r.sessions_reached = 1 THEN r.tail_event_id END,
       CASE WHEN r.sessions_reached = 1 THEN r.tail_campaign END,
       CASE WHEN r.sessions_reached = 1 THEN r.row_id END
FROM reached r;

-- The session rollup (V010) follows every batch by delta: the rebuilt devices' sessions about to be deleted leave it
-- here, and write_session_rollup.sql adds back what they are afterwards. The in-order devices' changes are
-- write_in_order_sessions.sql's, from what it writes.
INSERT INTO session_rollup_changes (sign, session_start, is_bot, events, duration_seconds, orders, store_key, location_key,
                                    user_agent_key, referrer_key, utm_medium, utm_campaign)
SELECT -1, s.session_start, s.is_bot, s.events, s.duration_seconds, s.orders, s.store_key, s.location_key, s.user_agent_key,
       s.referrer_key, s.utm_medium, s.utm_campaign
FROM session_scope c
CROSS JOIN LATERAL (
    SELECT s.* FROM fact_sessions s WHERE s.device_id = c.device_id AND s.session_start >= c.from_ts OFFSET 0) s
WHERE NOT c.in_order;

DELETE FROM fact_sessions s
USING (SELECT q.row_id
       FROM session_scope c
       CROSS JOIN LATERAL (
           SELECT q.ctid AS row_id FROM fact_sessions q WHERE q.device_id = c.device_id AND q.session_start >= c.from_ts
           OFFSET 0) q
       WHERE NOT c.in_order) d
WHERE s.ctid = d.row_id;

-- The rebuilt devices' sessions from from_ts on, from their facts. A session ends after timeout_s of inactivity or
-- where an event brings a UTM campaign other than the last one seen in the visit (a campaign after campaign-less
-- events counts as a change) at a later instant than the event before it: sessions never share an instant, so a
-- device's sessions are disjoint in time. Ties in time are ordered by event_id (byte order). SessionCutter applies
-- the same rules to in-order devices.
-- The window passes carry only what decides the boundaries (keys, times, the campaign); the strings and members a
-- session shows are read afterwards for its first and last events only, through fact_events' unique key (issue 22:
-- carrying URLs and referrers through six sorts was most of this statement's cost). A session's tail is what a later
-- batch continues from: its last event's id and the visit's last campaign at that event (a session begins at a visit
-- start or at an event with a campaign, so that is the last campaign among its own events).
WITH src AS (
    -- Each device's facts from from_ts on, through the hash index fact_events_device (V025; a plain join let the
    -- planner hash whole partitions, a sequential scan of the day per batch, issue 22, since it cannot know how few
    -- facts lie after from_ts; OFFSET 0 keeps the LATERAL subquery from being flattened back into that join). The
    -- bound on event_date, the partition key (the UTC day of event_ts), lets each device's probe skip the partitions
    -- before from_ts at run time; on event_ts alone every daily partition's index was probed for every device
    -- (BENCHMARKS.md, issue 22). event_ts >= from_ts is tested outside the subquery: inside, the planner ANDed the
    -- hash index with the BRIN on event_ts, a bitmap of the whole day for every device (V025).
    -- Facts of batches whose derived rows are still pending (V023) are left to their own trailing transaction: this
    -- one's own batch is no longer pending here (DerivedWrite deleted its row first), and ARRAY(...) is read once.
    SELECT f.device_id, f.event_ts, f.event_id, f.event_key, f.event_date, f.utm_campaign,
           f.collection = 'checkout_success' AS is_order, c.timeout_s
    FROM session_scope c
    CROSS JOIN LATERAL (
        SELECT f.device_id, f.event_ts, f.event_id, f.event_key, f.event_date, f.utm_campaign, f.collection
        FROM fact_events f
        WHERE f.device_id = c.device_id AND f.event_date >= (c.from_ts AT TIME ZONE 'UTC')::date
          AND f.ingested_at <> ALL (ARRAY(SELECT p.ingested_at FROM derived_pending p))
        OFFSET 0) f
    WHERE NOT c.in_order AND f.event_ts >= c.from_ts
      AND NOT EXISTS (SELECT 1 FROM session_late_events l WHERE l.event_key = f.event_key)
), ev AS (
    SELECT src.*,
           event_ts > lag(event_ts) OVER w + make_interval(secs => timeout_s)
               OR lag(event_ts) OVER w IS NULL AS visit_start
    FROM src
    WINDOW w AS (PARTITION BY device_id ORDER BY event_ts, event_id COLLATE "C")
), counted AS (
    -- Every pass below orders a device's facts the same way, so PostgreSQL sorts them once (partitions by visit or
    -- campaign run cost a sort each, issue 22). campaigns = how many events so far brought a campaign.
    SELECT ev.*, count(utm_campaign) OVER wr AS campaigns
    FROM ev
    WINDOW wr AS (PARTITION BY device_id ORDER BY event_ts, event_id COLLATE "C" ROWS UNBOUNDED PRECEDING)
), carried AS (
    -- The last campaign seen in the visit so far: the device's latest one (a running max of the campaign prefixed with
    -- its zero-padded ordinal), unless it came before the visit began (campaigns_before_visit: the count where the
    -- visit started, without that event's own).
    SELECT counted.*,
           max(CASE WHEN visit_start THEN campaigns - (utm_campaign IS NOT NULL)::int END) OVER wr AS campaigns_before_visit,
           max(CASE WHEN utm_campaign IS NOT NULL THEN lpad(campaigns::text, 12, '0') || utm_campaign END COLLATE "C") OVER wr AS latest_campaign
    FROM counted
    WINDOW wr AS (PARTITION BY device_id ORDER BY event_ts, event_id COLLATE "C" ROWS UNBOUNDED PRECEDING)
), visit_campaigns AS (
    SELECT carried.*, CASE WHEN campaigns > campaigns_before_visit THEN substr(latest_campaign, 13) END AS visit_campaign
    FROM carried
), marked AS (
    -- The event before a non-first event of a visit is in the same visit, so the device-wide lag is the visit's.
    SELECT visit_campaigns.*,
           visit_start OR (utm_campaign IS NOT NULL
                           AND utm_campaign IS DISTINCT FROM lag(visit_campaign) OVER w
                           AND event_ts > lag(event_ts) OVER w) AS session_begins
    FROM visit_campaigns
    WINDOW w AS (PARTITION BY device_id ORDER BY event_ts, event_id COLLATE "C")
), numbered AS (
    -- A session's first event is the one that begins it; its last is the one before the next beginning (or the
    -- device's last event).
    SELECT marked.*,
           sum(session_begins::int) OVER (PARTITION BY device_id ORDER BY event_ts, event_id COLLATE "C" ROWS UNBOUNDED PRECEDING) AS session_no,
           coalesce(lead(session_begins) OVER (PARTITION BY device_id ORDER BY event_ts, event_id COLLATE "C"), true) AS session_ends
    FROM marked
), sessions AS (
    SELECT device_id, min(event_ts) AS session_start, max(event_ts) AS session_end, count(*) AS events,
           count(*) FILTER (WHERE is_order) AS orders,
           (array_agg(event_key) FILTER (WHERE session_begins))[1] AS first_key,
           min(event_date) FILTER (WHERE session_begins) AS first_date,
           (array_agg(event_key) FILTER (WHERE session_ends))[1] AS last_key,
           min(event_date) FILTER (WHERE session_ends) AS last_date,
           (array_agg(event_id) FILTER (WHERE session_ends))[1] AS tail_event_id,
           (array_agg(visit_campaign) FILTER (WHERE session_ends))[1] AS tail_campaign,
           min(timeout_s) AS timeout_s
    FROM numbered
    GROUP BY device_id, session_no
)
INSERT INTO fact_sessions (device_id, session_start, session_end, events, duration_seconds, bounce, entry_url, exit_url,
                           landing_referrer, utm_source, utm_medium, utm_campaign, store_key, location_key,
                           user_agent_key, referrer_key, orders, is_bot, tail_event_id, tail_campaign, tail_timeout_s)
SELECT s.device_id, s.session_start, s.session_end, s.events,
       extract(epoch FROM s.session_end - s.session_start)::double precision, s.events = 1,
       fe.current_url, le.current_url, fe.referrer_url, fe.utm_source, fe.utm_medium, fe.utm_campaign, fe.store_key,
       fe.location_key, fe.user_agent_key, fe.referrer_key, s.orders, fe.is_bot, s.tail_event_id, s.tail_campaign, s.timeout_s
FROM sessions s
-- A session's first and last events, each through fact_events' unique key behind OFFSET 0: flattened into a join,
-- the last-event read was planned as a merge join over a sort of the whole day partition (720,000 facts spilled to
-- disk, 0.8 s of every batch late in a 1M load; issue 22, BENCHMARKS.md).
CROSS JOIN LATERAL (
    SELECT f.current_url, f.referrer_url, f.utm_source, f.utm_medium, f.utm_campaign, f.store_key, f.location_key,
           f.user_agent_key, f.referrer_key, f.is_bot
    FROM fact_events f
    WHERE f.event_key = s.first_key AND f.event_date = s.first_date
    OFFSET 0) fe
CROSS JOIN LATERAL (
    SELECT f.current_url FROM fact_events f WHERE f.event_key = s.last_key AND f.event_date = s.last_date
    OFFSET 0) le;
