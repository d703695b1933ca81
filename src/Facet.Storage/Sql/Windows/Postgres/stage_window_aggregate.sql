-- One batch's rows for the window step (issue 19), emptied at commit or rollback.
CREATE TEMP TABLE IF NOT EXISTS stage_window_aggregate (definition text, window_start timestamptz, window_key text, aggregate text, value_count bigint, value_sum numeric, value_min numeric, value_max numeric, time_min timestamptz, time_max timestamptz, member_count integer) ON COMMIT DELETE ROWS;
