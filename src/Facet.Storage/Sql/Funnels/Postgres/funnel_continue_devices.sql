-- The scoped devices whose funnel_progress rows are continued from their stored state (V017) and the batch's new
-- events, without re-reading their facts (FunnelCandidates.Continue; issue 22: the per-device fact read was one of
-- PostgreSQL's largest costs per event). That needs every new event of the device to come after every stored fact of
-- it (time, then event id), which the session step has just established under the same device locks:
-- * session_scope.in_order: the device's new events (those within the late bound) all come after the tail of its
--   latest session, or after every stored session by more than the timeout; every stored fact of a device lies in or
--   before its sessions, unless a batch stored facts with sessions off (warehouse_flags, V017);
-- * none of its new events arrived beyond the late bound (those lie before its latest session's end);
-- * it is not queued for the back-fill (its stored rows may be missing or stale);
-- * every stored row the new events can reach (entry at or after from_ts) has its walk state.
-- Run only in a batch whose session step ran (FunnelProgressWriter).
UPDATE stage_funnel_scope c
SET rebuild = false
FROM session_scope s
WHERE s.device_id = c.device_id
  AND s.in_order
  AND NOT EXISTS (SELECT 1 FROM warehouse_flags g WHERE g.name = 'facts_without_sessions')
  AND NOT EXISTS (SELECT 1 FROM stage_session_events n
                  WHERE n.device_id = c.device_id
                    AND EXISTS (SELECT 1 FROM session_late_events l WHERE l.event_key = n.event_key))
  AND NOT EXISTS (SELECT 1 FROM funnel_progress_backfill b WHERE b.device_id = c.device_id)
  -- Through funnel_progress' key per device, behind OFFSET 0 (write_funnel_progress.sql says why).
  AND NOT EXISTS (SELECT 1 FROM (SELECT p.held_us FROM funnel_progress p
                                 WHERE p.device_id = c.device_id AND p.entry_ts >= c.from_ts OFFSET 0) p
                  WHERE p.held_us IS NULL);
