SELECT dag_id, logical_date, task_id, state, try_number, max_tries, start_date, end_date, duration_ms, exit_code, next_try_at, log_tail
FROM schedule_task_instances WHERE dag_id = $dag_id AND logical_date = $logical_date
ORDER BY task_id
