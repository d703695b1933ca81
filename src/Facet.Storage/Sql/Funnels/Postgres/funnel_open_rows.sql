-- The scoped devices whose funnel_progress rows are continued from their stored state (V017) and the batch's new
-- events, without re-reading their facts (FunnelCandidates.Continue; issue 22: the per-device fact read was one of
-- PostgreSQL's largest costs per event): marked rebuild = false, and their stored rows the new events can change (entry
-- at or after from_ts) returned with that state, in entry order per device and funnel (a continued device without
-- such rows comes back once, with NULLs). Continuing needs every new event of the device to come after every stored
-- fact of it (time, then event id), which the session step has just established under the same device locks:
-- * session_scope.in_order: the device's new events (those within the late bound) all come after the tail of its
--   latest session, or after every stored session by more than the timeout; every stored fact of a device lies in or
--   before its sessions, unless a batch stored facts with sessions off (warehouse_flags, V017);
-- * none of its new events arrived beyond the late bound (those lie before its latest session's end);
-- * it is not queued for the back-fill (its stored rows may be missing or stale until the back-fill rewrites them);
-- * every stored row the new events can reach has its walk state (rows from before V017 have none).
-- Run only in a batch whose session step ran (FunnelProgressWriter). One read of each device's rows through
-- funnel_progress' key, behind OFFSET 0 (write_funnel_progress.sql says why), serves both the last test and the result.
WITH candidates AS (
    SELECT c.device_id, c.from_ts
    FROM stage_funnel_scope c
    JOIN session_scope s ON s.device_id = c.device_id
    WHERE s.in_order
      AND NOT EXISTS (SELECT 1 FROM warehouse_flags g WHERE g.name = 'facts_without_sessions')
      AND NOT EXISTS (SELECT 1 FROM stage_session_events n
                      WHERE n.device_id = c.device_id
                        AND EXISTS (SELECT 1 FROM session_late_events l WHERE l.event_key = n.event_key))
      AND NOT EXISTS (SELECT 1 FROM funnel_progress_backfill b WHERE b.device_id = c.device_id)
), open AS MATERIALIZED (
    SELECT k.device_id, p.funnel_id, p.entry_ts, p.prev_entry_ts, p.steps, p.convert_us, p.held_us, p.store_key,
           p.location_key, p.user_agent_key
    FROM candidates k
    LEFT JOIN LATERAL (
        SELECT p.* FROM funnel_progress p WHERE p.device_id = k.device_id AND p.entry_ts >= k.from_ts OFFSET 0) p ON true
), continued AS (
    UPDATE stage_funnel_scope c
    SET rebuild = false
    FROM (SELECT device_id FROM open GROUP BY device_id HAVING bool_and(funnel_id IS NULL OR held_us IS NOT NULL)) k
    WHERE c.device_id = k.device_id
    RETURNING c.device_id
)
SELECT o.device_id, o.funnel_id, (extract(epoch FROM o.entry_ts) * 1000000)::bigint,
       (extract(epoch FROM o.prev_entry_ts) * 1000000)::bigint, o.steps, o.convert_us, o.held_us, o.store_key,
       o.location_key, o.user_agent_key
FROM open o
JOIN continued USING (device_id)
ORDER BY o.device_id COLLATE "C", o.funnel_id, o.entry_ts;
