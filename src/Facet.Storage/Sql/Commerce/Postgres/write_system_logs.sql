-- One fact per log event; no dimension member to infer.
-- @count
INSERT INTO fact_system_log SELECT * FROM stage_system_logs ORDER BY log_id
ON CONFLICT (log_id) DO NOTHING;
