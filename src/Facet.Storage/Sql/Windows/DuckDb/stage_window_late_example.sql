-- One batch's rows for the window step (issue 19); the transaction empties it before use.
CREATE TEMP TABLE IF NOT EXISTS stage_window_late_example (definition text, window_start timestamptz, record_id text, example_rank integer);
