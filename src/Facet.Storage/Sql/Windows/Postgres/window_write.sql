-- The window step of a batch (issue 19): every statement reads the batch's staged rows in key order (window steps run
-- one at a time, window_serialize, so the order is for locality, not for locks).
INSERT INTO window_definition (name, source, definition, updated_at)
SELECT name, source, definition, updated_at FROM stage_window_definition ORDER BY name
ON CONFLICT (name) DO UPDATE SET source = EXCLUDED.source, definition = EXCLUDED.definition, updated_at = EXCLUDED.updated_at
WHERE window_definition.definition <> EXCLUDED.definition;
-- The stored windows the batch touched (not new: revisions above 1 after the merge), as the merge returned them: final,
-- packed.
-- packed: a new window that is final after this batch, in a definition that never applies a late event, is stored
-- whole in its window_state row (V015): its aggregates as aligned arrays, its distinct counts without members (V013's
-- fold). No later batch can change such a window (its late events are counted, not applied), and `facet windows
-- recompute` deletes and rebuilds it whole. WindowStepRows stages the windows that may be stored whole (final after the
-- batch, in such a definition) with the arrays built in their stage_window_state row, and the aggregate rows of the
-- others only; whether a window is new only this merge knows. The arrays go with the state row's insert, so a stored
-- window (a conflict) never gets them (an UPDATE of each new row would write it twice): its aggregates merge below.
-- No ORDER BY: the rows come staged in key order, and window steps are one at a time (window_serialize), so there is
-- no lock order to keep; sorting ~85,000 staged rows per batch of a bulk import spilled to disk and, with the arrays
-- in a second staged table, a merge join of two such sorts took half the statement (BENCHMARKS.md, issue 18).
-- Only the stored windows (not new) are kept in stage_window_merged: the three statements that read it (the aggregate
-- merge below, window_write_members, window_stored_final) ask only about those — a new window is packed exactly when
-- it was staged whole, and then it has no staged aggregate rows and no staged members. A bulk import in event time
-- creates nearly every window it touches, so this writes a few hundred rows per batch instead of ~85,000 and the
-- anti-joins below probe a table of that size.
CREATE TEMP TABLE IF NOT EXISTS stage_window_merged (definition text, window_start timestamptz, window_key text, is_final boolean, packed boolean) ON COMMIT DELETE ROWS;
WITH merged AS (
    INSERT INTO window_state (definition, window_start, window_end, window_key, revisions, late_revisions, is_final, first_updated_at, last_updated_at,
                              aggregates, value_counts, value_sums, value_mins, value_maxs, time_mins, time_maxs, members_folded)
    SELECT s.definition, s.window_start, s.window_end, s.window_key, 1, s.late_revision,
           s.is_final OR EXISTS (SELECT 1 FROM stage_window_final f WHERE f.definition = s.definition AND s.window_start <= f.final_through),
           s.updated_at, s.updated_at,
           s.aggregates, s.value_counts, s.value_sums, s.value_mins, s.value_maxs, s.time_mins, s.time_maxs, s.members_folded
    FROM stage_window_state s
    ON CONFLICT (definition, window_start, window_key) DO UPDATE SET
        revisions = window_state.revisions + 1,
        late_revisions = window_state.late_revisions + EXCLUDED.late_revisions,
        is_final = window_state.is_final OR EXCLUDED.is_final,
        last_updated_at = EXCLUDED.last_updated_at
    RETURNING definition, window_start, window_key, revisions = 1 AS is_new, is_final, aggregates IS NOT NULL AS packed)
INSERT INTO stage_window_merged (definition, window_start, window_key, is_final, packed)
SELECT m.definition, m.window_start, m.window_key, m.is_final, m.packed FROM merged m WHERE NOT m.is_new;
-- The aggregates of every window not stored whole, in one pass with ON CONFLICT: the staged rows of the others, and
-- the arrays of a window staged to be stored whole that turned out to be stored already (few: ~200 windows per 100k
-- imported lines), one row per element (only rows with arrays; unnest pads an array stored as NULL with nulls).
INSERT INTO window_aggregate (definition, window_start, window_key, aggregate, value_count, value_sum, value_min, value_max, time_min, time_max)
SELECT a.definition, a.window_start, a.window_key, a.aggregate, a.value_count, a.value_sum, a.value_min, a.value_max, a.time_min, a.time_max
FROM stage_window_aggregate a
WHERE NOT EXISTS (SELECT 1 FROM stage_window_merged n
    WHERE n.packed AND n.definition = a.definition AND n.window_start = a.window_start AND n.window_key = a.window_key)
UNION ALL
SELECT p.definition, p.window_start, p.window_key, u.aggregate, u.value_count, u.value_sum, u.value_min, u.value_max, u.time_min, u.time_max
FROM stage_window_state p
JOIN stage_window_merged n ON p.aggregates IS NOT NULL AND NOT n.packed
    AND n.definition = p.definition AND n.window_start = p.window_start AND n.window_key = p.window_key
CROSS JOIN LATERAL unnest(p.aggregates, p.value_counts, p.value_sums, p.value_mins, p.value_maxs, p.time_mins, p.time_maxs)
    AS u (aggregate, value_count, value_sum, value_min, value_max, time_min, time_max)
ORDER BY 1, 2, 3, 4
ON CONFLICT (definition, window_start, window_key, aggregate) DO UPDATE SET
    value_count = window_aggregate.value_count + EXCLUDED.value_count,
    value_sum = coalesce(window_aggregate.value_sum + EXCLUDED.value_sum, window_aggregate.value_sum, EXCLUDED.value_sum),
    value_min = least(coalesce(window_aggregate.value_min, EXCLUDED.value_min), coalesce(EXCLUDED.value_min, window_aggregate.value_min)),
    value_max = greatest(coalesce(window_aggregate.value_max, EXCLUDED.value_max), coalesce(EXCLUDED.value_max, window_aggregate.value_max)),
    time_min = least(coalesce(window_aggregate.time_min, EXCLUDED.time_min), coalesce(EXCLUDED.time_min, window_aggregate.time_min)),
    time_max = greatest(coalesce(window_aggregate.time_max, EXCLUDED.time_max), coalesce(EXCLUDED.time_max, window_aggregate.time_max));
-- A few example ids per late window: at most 5 in all (the batch ranks its own examples 1, 2, …).
INSERT INTO window_late_example (definition, window_start, record_id)
SELECT s.definition, s.window_start, s.record_id FROM stage_window_late_example s
WHERE s.example_rank + (SELECT count(*) FROM window_late_example e WHERE e.definition = s.definition AND e.window_start = s.window_start) <= 5
ORDER BY s.definition, s.window_start, s.record_id
ON CONFLICT (definition, window_start, record_id) DO NOTHING;
INSERT INTO window_late_event (definition, window_start, window_end, late_count, applied_count, last_seen_at)
SELECT definition, window_start, window_end, late_count, applied_count, seen_at FROM stage_window_late ORDER BY definition, window_start
ON CONFLICT (definition, window_start) DO UPDATE SET
    late_count = window_late_event.late_count + EXCLUDED.late_count,
    applied_count = window_late_event.applied_count + EXCLUDED.applied_count,
    last_seen_at = EXCLUDED.last_seen_at;
INSERT INTO window_watermark (definition, source, source_partition, max_event_time, updated_at)
SELECT definition, source, source_partition, max_event_time, updated_at FROM stage_window_watermark ORDER BY definition, source, source_partition
ON CONFLICT (definition, source, source_partition) DO UPDATE SET
    max_event_time = greatest(window_watermark.max_event_time, EXCLUDED.max_event_time),
    updated_at = EXCLUDED.updated_at;
-- Windows whose end plus allowed lateness the watermark passed in this batch are final: their starts are in
-- (final_after, final_through], where final_through = watermark - lateness - size (final_after: the same before).
-- The batch's own windows were stored final above already (an UPDATE of each would write every new row twice: in a
-- bulk import of history, where the watermark passes most windows in the batch that opens them, that cost the
-- PostgreSQL server about a tenth of the import); this marks the stored ones the batch did not touch.
UPDATE window_state SET is_final = true
FROM stage_window_final f
WHERE window_state.definition = f.definition AND NOT window_state.is_final
  AND window_state.window_start <= f.final_through AND (f.final_after IS NULL OR window_state.window_start > f.final_after);
