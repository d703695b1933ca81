-- One batch's rows for the window step (issue 19); the transaction empties it before use.
CREATE TEMP TABLE IF NOT EXISTS stage_window_watermark (definition text, source text, source_partition integer, max_event_time timestamptz, updated_at timestamptz);
