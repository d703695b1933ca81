-- One batch's rows for the window step (issue 19), emptied at commit or rollback.
CREATE TEMP TABLE IF NOT EXISTS stage_window_watermark (definition text, source text, source_partition integer, max_event_time timestamptz, updated_at timestamptz) ON COMMIT DELETE ROWS;
