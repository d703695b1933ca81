-- One batch's rows for the window step (issue 19); the transaction empties it before use.
CREATE TEMP TABLE IF NOT EXISTS stage_window_aggregate (definition text, window_start timestamptz, window_key text, aggregate text, value_count bigint, value_sum DECIMAL(38,6), value_min DECIMAL(38,6), value_max DECIMAL(38,6), time_min timestamptz, time_max timestamptz, member_count integer);
