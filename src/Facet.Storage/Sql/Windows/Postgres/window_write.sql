-- The window step of a batch (issue 19): every statement reads the batch's staged rows, in key order (one lock order
-- for concurrent writers).
INSERT INTO window_definition (name, source, definition, updated_at)
SELECT name, source, definition, updated_at FROM stage_window_definition ORDER BY name
ON CONFLICT (name) DO UPDATE SET source = EXCLUDED.source, definition = EXCLUDED.definition, updated_at = EXCLUDED.updated_at
WHERE window_definition.definition <> EXCLUDED.definition;
-- The windows this batch created (revisions 1 after the merge, read from its RETURNING): their aggregates and members
-- are new rows, inserted without ON CONFLICT; only the stored windows the batch touched are merged. In a bulk import
-- in event time nearly every window is new.
-- fold: the window's distinct counts are folded (V013): it was created and made final by this batch, in a definition
-- that never applies a late event (fold_members). No later batch can add a member to such a window, and `facet windows
-- recompute` deletes and rebuilds it whole, so its exact counts are stored with its aggregates and its members are not
-- kept: in a bulk import in event time that is most of window_member's rows.
CREATE TEMP TABLE IF NOT EXISTS stage_window_new (definition text, window_start timestamptz, window_key text, fold boolean) ON COMMIT DELETE ROWS;
WITH merged AS (
    INSERT INTO window_state (definition, window_start, window_end, window_key, revisions, late_revisions, is_final, first_updated_at, last_updated_at)
    SELECT s.definition, s.window_start, s.window_end, s.window_key, 1, s.late_revision,
           s.is_final OR EXISTS (SELECT 1 FROM stage_window_final f WHERE f.definition = s.definition AND s.window_start <= f.final_through),
           s.updated_at, s.updated_at
    FROM stage_window_state s ORDER BY s.definition, s.window_start, s.window_key
    ON CONFLICT (definition, window_start, window_key) DO UPDATE SET
        revisions = window_state.revisions + 1,
        late_revisions = window_state.late_revisions + EXCLUDED.late_revisions,
        is_final = window_state.is_final OR EXCLUDED.is_final,
        last_updated_at = EXCLUDED.last_updated_at
    RETURNING definition, window_start, window_key, revisions, is_final)
INSERT INTO stage_window_new (definition, window_start, window_key, fold)
SELECT m.definition, m.window_start, m.window_key,
       m.is_final AND EXISTS (SELECT 1 FROM stage_window_state s
           WHERE s.fold_members AND s.definition = m.definition AND s.window_start = m.window_start AND s.window_key = m.window_key)
FROM merged m
WHERE m.revisions = 1;
-- members_folded is set only here: a folded window is new in this batch.
INSERT INTO window_aggregate (definition, window_start, window_key, aggregate, value_count, value_sum, value_min, value_max, time_min, time_max, members_folded)
SELECT a.definition, a.window_start, a.window_key, a.aggregate, a.value_count, a.value_sum, a.value_min, a.value_max, a.time_min, a.time_max,
       CASE WHEN n.fold THEN a.member_count END
FROM stage_window_aggregate a
JOIN stage_window_new n ON n.definition = a.definition AND n.window_start = a.window_start AND n.window_key = a.window_key
ORDER BY a.definition, a.window_start, a.window_key, a.aggregate;
INSERT INTO window_aggregate (definition, window_start, window_key, aggregate, value_count, value_sum, value_min, value_max, time_min, time_max)
SELECT a.definition, a.window_start, a.window_key, a.aggregate, a.value_count, a.value_sum, a.value_min, a.value_max, a.time_min, a.time_max
FROM stage_window_aggregate a
WHERE NOT EXISTS (SELECT 1 FROM stage_window_new n
    WHERE n.definition = a.definition AND n.window_start = a.window_start AND n.window_key = a.window_key)
ORDER BY a.definition, a.window_start, a.window_key, a.aggregate
ON CONFLICT (definition, window_start, window_key, aggregate) DO UPDATE SET
    value_count = window_aggregate.value_count + EXCLUDED.value_count,
    value_sum = coalesce(window_aggregate.value_sum + EXCLUDED.value_sum, window_aggregate.value_sum, EXCLUDED.value_sum),
    value_min = least(coalesce(window_aggregate.value_min, EXCLUDED.value_min), coalesce(EXCLUDED.value_min, window_aggregate.value_min)),
    value_max = greatest(coalesce(window_aggregate.value_max, EXCLUDED.value_max), coalesce(EXCLUDED.value_max, window_aggregate.value_max)),
    time_min = least(coalesce(window_aggregate.time_min, EXCLUDED.time_min), coalesce(EXCLUDED.time_min, window_aggregate.time_min)),
    time_max = greatest(coalesce(window_aggregate.time_max, EXCLUDED.time_max), coalesce(EXCLUDED.time_max, window_aggregate.time_max));
INSERT INTO window_member (definition, window_start, window_key, aggregate, member)
SELECT DISTINCT s.definition, s.window_start, s.window_key, s.aggregate, s.member FROM stage_window_member s
JOIN stage_window_new n ON n.definition = s.definition AND n.window_start = s.window_start AND n.window_key = s.window_key
WHERE NOT n.fold
ORDER BY s.definition, s.window_start, s.window_key, s.aggregate, s.member;
INSERT INTO window_member (definition, window_start, window_key, aggregate, member)
SELECT DISTINCT s.definition, s.window_start, s.window_key, s.aggregate, s.member FROM stage_window_member s
WHERE NOT EXISTS (SELECT 1 FROM stage_window_new n
    WHERE n.definition = s.definition AND n.window_start = s.window_start AND n.window_key = s.window_key)
ORDER BY s.definition, s.window_start, s.window_key, s.aggregate, s.member
ON CONFLICT (definition, window_start, window_key, aggregate, member) DO NOTHING;
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
