-- One batch's rows for the window step (issue 19), emptied at commit or rollback.
CREATE TEMP TABLE IF NOT EXISTS stage_window_definition (name text, source text, definition text, updated_at timestamptz) ON COMMIT DELETE ROWS;
