-- One fact per log event; no dimension member to infer.
-- @count
INSERT INTO fact_system_log SELECT s.* FROM stage_system_logs s
WHERE NOT EXISTS (SELECT 1 FROM fact_system_log f WHERE f.log_id = s.log_id) ORDER BY s.log_id;
