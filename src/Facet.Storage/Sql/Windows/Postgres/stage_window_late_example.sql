-- One batch's rows for the window step (issue 19), emptied at commit or rollback.
CREATE TEMP TABLE IF NOT EXISTS stage_window_late_example (definition text, window_start timestamptz, record_id text, example_rank integer) ON COMMIT DELETE ROWS;
