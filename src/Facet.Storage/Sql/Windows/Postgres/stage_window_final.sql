-- One batch's rows for the window step (issue 19), emptied at commit or rollback.
CREATE TEMP TABLE IF NOT EXISTS stage_window_final (definition text, final_after timestamptz, final_through timestamptz) ON COMMIT DELETE ROWS;
