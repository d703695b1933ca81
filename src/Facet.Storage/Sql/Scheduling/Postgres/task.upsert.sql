INSERT INTO schedule_task_instances
    (dag_id, logical_date, task_id, state, try_number, max_tries, start_date, end_date, duration_ms, exit_code, next_try_at, log_tail)
VALUES (@dag_id, @logical_date, @task_id, @state, @try_number, @max_tries, @start_date, @end_date, @duration_ms, @exit_code, @next_try_at, @log_tail)
ON CONFLICT (dag_id, logical_date, task_id) DO UPDATE SET
    state = excluded.state, try_number = excluded.try_number, max_tries = excluded.max_tries,
    start_date = excluded.start_date, end_date = excluded.end_date, duration_ms = excluded.duration_ms,
    exit_code = excluded.exit_code, next_try_at = excluded.next_try_at, log_tail = excluded.log_tail
