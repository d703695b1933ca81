-- One batch's rows for the window step (issue 19), emptied at commit or rollback: one row per window the batch touched,
-- in key order. The arrays are set for a window that may be stored whole (V015), built by WindowStepRows (issue 18),
-- and null for the others; an array whose elements would all be null is null
-- (WindowStepRows.NullIfAllNull: the readers' unnest pads it).
CREATE TEMP TABLE IF NOT EXISTS stage_window_state (definition text, window_start timestamptz, window_end timestamptz, window_key text, late_revision integer, is_final boolean, updated_at timestamptz, packs boolean, aggregates text[], value_counts bigint[], value_sums numeric[], value_mins numeric[], value_maxs numeric[], time_mins timestamptz[], time_maxs timestamptz[], members_folded bigint[]) ON COMMIT DELETE ROWS;
