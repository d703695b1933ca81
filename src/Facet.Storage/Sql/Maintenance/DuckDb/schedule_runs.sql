-- Finished runs that ended before the cutoff. A DAG's newest scheduled run stays whatever its age: the timetable
-- continues from it (run.latest_scheduled.sql), so removing it would make the scheduler catch up from start_date.
DELETE FROM schedule_runs
WHERE state IN ('success', 'failed') AND end_date < $cutoff
  AND logical_date < (SELECT max(n.logical_date) FROM schedule_runs n WHERE n.dag_id = schedule_runs.dag_id AND n.run_type = 'scheduled')
