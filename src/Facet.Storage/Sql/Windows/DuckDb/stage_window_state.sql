-- One batch's rows for the window step (issue 19); the transaction empties it before use.
CREATE TEMP TABLE IF NOT EXISTS stage_window_state (definition text, window_start timestamptz, window_end timestamptz, window_key text, late_revision integer, is_final boolean, updated_at timestamptz, packs boolean);
