-- One batch's rows for the window step (issue 19), emptied at commit or rollback.
CREATE TEMP TABLE IF NOT EXISTS stage_window_late (definition text, window_start timestamptz, window_end timestamptz, late_count bigint, applied_count bigint, seen_at timestamptz) ON COMMIT DELETE ROWS;
