-- One batch's rows for the window step (issue 19); the transaction empties it before use. One row per window the batch
-- touched; the lists are set for a window that may be stored whole (V015), built by WindowStepRows (issue 18), and null
-- for the others; an array whose elements would all be null is null (WindowStepRows.NullIfAllNull: the readers'
-- unnest pads it).
CREATE TEMP TABLE IF NOT EXISTS stage_window_state (definition text, window_start timestamptz, window_end timestamptz, window_key text, late_revision integer, is_final boolean, updated_at timestamptz, packs boolean, aggregates VARCHAR[], value_counts BIGINT[], value_sums DECIMAL(38,6)[], value_mins DECIMAL(38,6)[], value_maxs DECIMAL(38,6)[], time_mins TIMESTAMPTZ[], time_maxs TIMESTAMPTZ[], members_folded BIGINT[]);
