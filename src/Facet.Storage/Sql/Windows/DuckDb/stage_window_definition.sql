-- One batch's rows for the window step (issue 19); the transaction empties it before use.
CREATE TEMP TABLE IF NOT EXISTS stage_window_definition (name text, source text, definition text, updated_at timestamptz);
