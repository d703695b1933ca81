-- Version 19 (issue 22): DuckDB's sessions keep their tails from now on (Sql/Sessions/DuckDb/write_sessions.sql), so
-- its batches extend in-order devices' sessions and continue their funnel rows (Sql/Funnels/DuckDb/funnel_open_rows.sql)
-- as PostgreSQL's have since V016 and V017. The continuation's proof — "every new event comes after the tail of the
-- device's latest session, so after every stored fact" — fails for a warehouse loaded with sessions off before V017
-- (batches since then set the flag themselves): PostgreSQL's V017 looked for such facts, DuckDB's did not, since its
-- funnel rows were always rebuilt. Here is that look, as Sql/Postgres/V017 has it: a fact of a device after its latest
-- session's last event, or of a device without sessions (tails are unknown here: every session was written without
-- one, so a fact at the instant of the last event is taken for one of the session's own events).
INSERT INTO warehouse_flags (name, set_at)
SELECT 'facts_without_sessions', now()
WHERE NOT EXISTS (SELECT 1 FROM warehouse_flags WHERE name = 'facts_without_sessions')
  AND EXISTS (
    SELECT 1
    FROM fact_events f
    LEFT JOIN (SELECT DISTINCT ON (device_id) device_id, session_end, tail_event_id
               FROM fact_sessions ORDER BY device_id, session_start DESC) l ON l.device_id = f.device_id
    WHERE f.device_id IS NOT NULL
      AND (l.device_id IS NULL OR f.event_ts > l.session_end
           OR (f.event_ts = l.session_end AND f.event_id > l.tail_event_id)));
