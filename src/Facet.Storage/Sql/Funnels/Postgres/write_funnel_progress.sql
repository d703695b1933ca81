-- The scoped devices' rows from from_ts on make room for their new ones:
-- * a rebuilt device's staged rows (stage_funnel_progress) are all its rows from from_ts on, computed from its facts.
--   Most come back unchanged (a candidate an hour old whose steps did not move): those stay where they are, so only
--   changed, vanished and new rows cost index maintenance and dead tuples;
-- * a continued device's (V017) stored rows whose key stage_funnel_replaced holds are deleted (they changed); its rows
--   are then appended by FunnelProgressWriter (changed and new, no conflict check: every other new row's key lies in a
--   quarter hour after the latest stored candidate, FunnelCandidates.Continue). Should that ever not hold, the primary
--   key fails the batch rather than keep two rows.
-- Each scoped device's rows are found through the primary key (device_id first) in a LATERAL subquery behind OFFSET 0,
-- their ctids collected into one array, and deleted by a TID scan of just those rows: a plain join with
-- stage_funnel_scope was planned as a hash join over all of funnel_progress, and so was a join on ctid once the table
-- was large: the scope is a temp table without statistics, whose default 200 distinct devices divide the table into
-- the estimate of a device's rows (804 at 450k rows in `facet run`, where 1-2 were found) — a cost per batch growing
-- with the table (issue 22, BENCHMARKS.md).
DELETE FROM funnel_progress p
WHERE p.ctid = ANY (ARRAY(
    SELECT q.row_id
    FROM stage_funnel_scope c
    CROSS JOIN LATERAL (
        SELECT q.ctid AS row_id, q.*
        FROM funnel_progress q
        WHERE q.device_id = c.device_id AND q.entry_ts >= c.from_ts
        OFFSET 0) q
    WHERE CASE WHEN c.rebuild
               THEN NOT EXISTS (SELECT 1 FROM stage_funnel_progress n
                                WHERE n.device_id = q.device_id AND n.funnel_id = q.funnel_id AND n.entry_ts = q.entry_ts
                                  AND n.prev_entry_ts IS NOT DISTINCT FROM q.prev_entry_ts AND n.steps = q.steps
                                  AND n.convert_us IS NOT DISTINCT FROM q.convert_us AND n.held_us IS NOT DISTINCT FROM q.held_us
                                  AND n.store_key = q.store_key AND n.location_key = q.location_key
                                  AND n.user_agent_key = q.user_agent_key)
               ELSE EXISTS (SELECT 1 FROM stage_funnel_replaced n
                            WHERE n.device_id = q.device_id AND n.funnel_id = q.funnel_id AND n.entry_ts = q.entry_ts)
          END));

-- The rebuilt devices' rows (the only staged ones): what is left of a key after the delete is identical to its staged
-- row, so a staged row whose key exists is skipped by the conflict check, one probe of the primary key per staged row:
-- the anti-join it replaces (NOT EXISTS) was planned as a hash of all of funnel_progress in every batch, a cost growing
-- with the table (issue 22, BENCHMARKS.md). In key order, so two transactions inserting rows of neighbouring devices
-- lock index pages in the same order.
INSERT INTO funnel_progress (funnel_id, device_id, entry_ts, prev_entry_ts, steps, convert_us, store_key, location_key,
                             user_agent_key, held_us)
SELECT n.funnel_id, n.device_id, n.entry_ts, n.prev_entry_ts, n.steps, n.convert_us, n.store_key, n.location_key,
       n.user_agent_key, n.held_us
FROM stage_funnel_progress n
ORDER BY n.device_id, n.funnel_id, n.entry_ts
ON CONFLICT (device_id, funnel_id, entry_ts) DO NOTHING;
