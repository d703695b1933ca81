UPDATE schedule_runs SET state = $state, start_date = $start_date, end_date = $end_date
WHERE dag_id = $dag_id AND logical_date = $logical_date
