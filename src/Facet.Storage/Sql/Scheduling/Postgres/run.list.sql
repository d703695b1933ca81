SELECT dag_id, logical_date, data_interval_start, data_interval_end, run_type, state, queued_at, start_date, end_date
FROM schedule_runs WHERE dag_id = @dag_id
ORDER BY logical_date DESC
LIMIT @limit
