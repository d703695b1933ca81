-- One batch's rows for the window step (issue 19), emptied at commit or rollback.
CREATE TEMP TABLE IF NOT EXISTS stage_window_probe (probe_key text, id text, probed_at timestamptz) ON COMMIT DELETE ROWS;
