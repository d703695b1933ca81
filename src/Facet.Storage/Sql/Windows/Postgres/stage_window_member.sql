-- One batch's rows for the window step (issue 19), emptied at commit or rollback.
CREATE TEMP TABLE IF NOT EXISTS stage_window_member (definition text, window_start timestamptz, window_key text, aggregate text, member text) ON COMMIT DELETE ROWS;
