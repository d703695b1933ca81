-- One batch's rows for fact_system_log, in its column order (no constraints: dedup is the writer's).
CREATE TEMP TABLE IF NOT EXISTS stage_system_logs AS SELECT * FROM fact_system_log LIMIT 0;
