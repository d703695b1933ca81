-- Version 17 (issue 22): funnel_progress rows keep their walk state, so a batch extends a device's candidates from
-- its stored rows and its new events instead of re-reading the facts of its last hour (FunnelCandidates.Continue,
-- Sql/Funnels/Postgres/funnel_open_rows.sql).
-- held_us: per step of the funnel, the µs from the entry to the event the walk holds for that step (strict: where it
-- was reached; any order: its first match in the window), comma-separated, empty where none (FunnelWalk.Hold).
-- NULL = state unknown: rows written before this version, whose device is rebuilt from its facts once, which writes
-- it. No back-fill: the column is added without a rewrite of the table.
ALTER TABLE funnel_progress ADD COLUMN held_us text;

-- Facts of a device outside its sessions would break the proof a batch continues from: "every new event comes after
-- the tail of the device's latest session, so after every stored fact". Batches loaded with sessions off
-- (--session-timeout 0s) store facts without sessions; each one records that here (SessionWriter), and from then on
-- every device's funnel rows are rebuilt from the facts, as before this version.
CREATE TABLE warehouse_flags (
    name   text PRIMARY KEY,
    set_at timestamptz NOT NULL
);

-- A warehouse loaded with sessions off before this version: a fact of a device after its latest session's last event
-- (or of a device without sessions). V008 sessionized every fact stored before it, and a later event beyond the
-- session late bound lies before a stored session's end, so neither sets the flag. A fact at the instant of the last
-- event counts when its id sorts after that event's; where the tail is unknown (sessions from before V016) it is taken
-- for one of the session's own events.
INSERT INTO warehouse_flags (name, set_at)
SELECT 'facts_without_sessions', now()
WHERE EXISTS (
    SELECT 1
    FROM fact_events f
    LEFT JOIN (SELECT DISTINCT ON (device_id) device_id, session_end, tail_event_id
               FROM fact_sessions ORDER BY device_id, session_start DESC) l ON l.device_id = f.device_id
    WHERE f.device_id IS NOT NULL
      AND (l.device_id IS NULL OR f.event_ts > l.session_end
           OR (f.event_ts = l.session_end AND f.event_id COLLATE "C" > l.tail_event_id COLLATE "C")));
