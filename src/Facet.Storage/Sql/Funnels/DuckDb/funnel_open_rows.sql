-- The scoped devices whose funnel_progress rows are continued from their stored state (V017) and the batch's new
-- events, without re-reading their facts (FunnelCandidates.Continue; issue 22: DuckDB's funnel fact read was its
-- second-largest statement of a 1M-event load): marked rebuild = false, and their stored rows the new events can change
-- (entry at or after from_ts) returned with that state, in entry order per device and funnel (a continued device
-- without such rows comes back once, with NULLs). The four conditions of Funnels/Postgres/funnel_open_rows.sql, which
-- says why they prove that every new event of the device comes after every stored fact of it:
-- * session_scope.in_order (the session step ran in this batch; FunnelProgressWriter);
-- * none of its new events arrived beyond the late bound;
-- * it is not queued for the back-fill;
-- * every stored row the new events can reach has its walk state.
-- Two statements (DuckDB has no UPDATE in a CTE): the mark, then the rows of the marked devices.
UPDATE stage_funnel_scope AS c
SET rebuild = false
FROM (
    SELECT k.device_id
    FROM stage_funnel_scope k
    JOIN session_scope s ON s.device_id = k.device_id
    LEFT JOIN funnel_progress p ON p.device_id = k.device_id AND p.entry_ts >= k.from_ts
    WHERE s.in_order
      AND NOT EXISTS (SELECT 1 FROM warehouse_flags g WHERE g.name = 'facts_without_sessions')
      AND k.device_id NOT IN (SELECT n.device_id FROM stage_session_events n JOIN session_late_events l ON l.event_key = n.event_key)
      AND k.device_id NOT IN (SELECT b.device_id FROM funnel_progress_backfill b)
    GROUP BY k.device_id
    HAVING bool_and(p.funnel_id IS NULL OR p.held_us IS NOT NULL)) d
WHERE c.device_id = d.device_id;

SELECT c.device_id, p.funnel_id, epoch_us(p.entry_ts), epoch_us(p.prev_entry_ts), p.steps, p.convert_us, p.held_us,
       p.store_key, p.location_key, p.user_agent_key
FROM stage_funnel_scope c
LEFT JOIN funnel_progress p ON p.device_id = c.device_id AND p.entry_ts >= c.from_ts
WHERE NOT c.rebuild
ORDER BY c.device_id, p.funnel_id, p.entry_ts;
