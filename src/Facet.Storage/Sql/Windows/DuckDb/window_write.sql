-- The window step of a batch (issue 19): every statement reads the batch's staged rows, in key order (one lock order
-- for concurrent writers).
INSERT INTO window_definition (name, source, definition, updated_at)
SELECT name, source, definition, updated_at FROM stage_window_definition ORDER BY name
ON CONFLICT (name) DO UPDATE SET source = EXCLUDED.source, definition = EXCLUDED.definition, updated_at = EXCLUDED.updated_at
WHERE window_definition.definition <> EXCLUDED.definition;
-- window_state, window_aggregate and window_member have no primary key on DuckDB (V012: its ART indexes are held in
-- memory, and these hold about one key per imported order line), so they merge without ON CONFLICT: the stored rows
-- the batch touches are updated first, then its new keys inserted. Each key is staged once per batch and a DuckDB file
-- has one writer at a time (the write gate), so the keys stay unique. The join on window_start lets DuckDB skip, by
-- zone maps, the row groups of windows outside the batch's time range.
-- The windows this batch creates (no window_state row yet): their aggregates and members are new rows, inserted
-- without looking for stored ones. packed: such a window that WindowStepRows staged to be stored whole (final after this
-- batch, in a definition that never applies a late event; its stage_window_state row carries its aggregates as lists
-- in the definition's order) is stored whole in its window_state row (V015, as on PostgreSQL), its distinct counts
-- without members (V013's fold); no later batch can change it, and `facet windows recompute` rebuilds it whole.
-- Created afresh per batch, never emptied by DELETE (see DuckDbBatchTransaction.Restage).
CREATE OR REPLACE TEMP TABLE stage_window_new AS
SELECT s.definition, s.window_start, s.window_key,
       s.aggregates IS NOT NULL AS packed
FROM stage_window_state s
WHERE NOT EXISTS (SELECT 1 FROM window_state w
    WHERE w.definition = s.definition AND w.window_start = s.window_start AND w.window_key = s.window_key);
-- A window staged to be stored whole that was stored already (few: its start was in an earlier batch) merges like any
-- other: its lists become staged aggregate rows, one per element.
INSERT INTO stage_window_aggregate (definition, window_start, window_key, aggregate, value_count, value_sum, value_min, value_max, time_min, time_max, member_count)
SELECT p.definition, p.window_start, p.window_key, unnest(p.aggregates), unnest(p.value_counts), unnest(p.value_sums), unnest(p.value_mins),
       unnest(p.value_maxs), unnest(p.time_mins), unnest(p.time_maxs), CAST(unnest(p.members_folded) AS INTEGER)
FROM stage_window_state p
WHERE p.aggregates IS NOT NULL AND NOT EXISTS (SELECT 1 FROM stage_window_new n
    WHERE n.definition = p.definition AND n.window_start = p.window_start AND n.window_key = p.window_key);
-- @count
UPDATE window_state SET
    revisions = window_state.revisions + 1,
    late_revisions = window_state.late_revisions + s.late_revision,
    is_final = window_state.is_final OR s.is_final
        OR EXISTS (SELECT 1 FROM stage_window_final f WHERE f.definition = s.definition AND s.window_start <= f.final_through),
    last_updated_at = s.updated_at
FROM stage_window_state s
WHERE window_state.definition = s.definition AND window_state.window_start = s.window_start AND window_state.window_key = s.window_key;
-- @count
INSERT INTO window_state (definition, window_start, window_end, window_key, revisions, late_revisions, is_final, first_updated_at, last_updated_at,
                          aggregates, value_counts, value_sums, value_mins, value_maxs, time_mins, time_maxs, members_folded)
SELECT s.definition, s.window_start, s.window_end, s.window_key, 1, s.late_revision,
       s.is_final OR EXISTS (SELECT 1 FROM stage_window_final f WHERE f.definition = s.definition AND s.window_start <= f.final_through),
       s.updated_at, s.updated_at,
       s.aggregates, s.value_counts, s.value_sums, s.value_mins, s.value_maxs, s.time_mins, s.time_maxs, s.members_folded
FROM stage_window_state s
JOIN stage_window_new n ON n.definition = s.definition AND n.window_start = s.window_start AND n.window_key = s.window_key
ORDER BY s.definition, s.window_start, s.window_key;
-- Stored windows first (the batch's new rows are not in window_aggregate yet, so the update cannot add to them) ...
UPDATE window_aggregate SET
    value_count = window_aggregate.value_count + s.value_count,
    value_sum = coalesce(window_aggregate.value_sum + s.value_sum, window_aggregate.value_sum, s.value_sum),
    value_min = least(coalesce(window_aggregate.value_min, s.value_min), coalesce(s.value_min, window_aggregate.value_min)),
    value_max = greatest(coalesce(window_aggregate.value_max, s.value_max), coalesce(s.value_max, window_aggregate.value_max)),
    time_min = least(coalesce(window_aggregate.time_min, s.time_min), coalesce(s.time_min, window_aggregate.time_min)),
    time_max = greatest(coalesce(window_aggregate.time_max, s.time_max), coalesce(s.time_max, window_aggregate.time_max))
FROM stage_window_aggregate s
WHERE window_aggregate.definition = s.definition AND window_aggregate.window_start = s.window_start
  AND window_aggregate.window_key = s.window_key AND window_aggregate.aggregate = s.aggregate;
INSERT INTO window_aggregate (definition, window_start, window_key, aggregate, value_count, value_sum, value_min, value_max, time_min, time_max)
SELECT s.definition, s.window_start, s.window_key, s.aggregate, s.value_count, s.value_sum, s.value_min, s.value_max, s.time_min, s.time_max
FROM stage_window_aggregate s
WHERE NOT EXISTS (SELECT 1 FROM stage_window_new n
    WHERE n.definition = s.definition AND n.window_start = s.window_start AND n.window_key = s.window_key)
  AND NOT EXISTS (SELECT 1 FROM window_aggregate a
    WHERE a.definition = s.definition AND a.window_start = s.window_start AND a.window_key = s.window_key AND a.aggregate = s.aggregate)
ORDER BY s.definition, s.window_start, s.window_key, s.aggregate;
-- ... then the new windows that are not packed.
INSERT INTO window_aggregate (definition, window_start, window_key, aggregate, value_count, value_sum, value_min, value_max, time_min, time_max)
SELECT s.definition, s.window_start, s.window_key, s.aggregate, s.value_count, s.value_sum, s.value_min, s.value_max, s.time_min, s.time_max
FROM stage_window_aggregate s
JOIN stage_window_new n ON n.definition = s.definition AND n.window_start = s.window_start AND n.window_key = s.window_key
WHERE NOT n.packed
ORDER BY s.definition, s.window_start, s.window_key, s.aggregate;
-- A few example ids per late window: at most 5 in all (the batch ranks its own examples 1, 2, …).
INSERT INTO window_late_example (definition, window_start, record_id)
SELECT s.definition, s.window_start, s.record_id FROM stage_window_late_example s
WHERE s.example_rank + (SELECT count(*) FROM window_late_example e WHERE e.definition = s.definition AND e.window_start = s.window_start) <= 5
ORDER BY s.definition, s.window_start, s.record_id
ON CONFLICT (definition, window_start, record_id) DO NOTHING;
INSERT INTO window_late_event (definition, window_start, window_end, late_count, applied_count, last_seen_at)
SELECT definition, window_start, window_end, late_count, applied_count, seen_at FROM stage_window_late ORDER BY definition, window_start
ON CONFLICT (definition, window_start) DO UPDATE SET
    late_count = late_count + EXCLUDED.late_count,
    applied_count = applied_count + EXCLUDED.applied_count,
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
