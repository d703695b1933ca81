-- Finished runs that ended before the cutoff. A DAG's newest scheduled run stays whatever its age: the timetable
-- continues from it (run.latest_scheduled.sql), so removing it would make the scheduler catch up from start_date.
DELETE FROM schedule_runs r
WHERE r.state IN ('success', 'failed') AND r.end_date < @cutoff
  AND r.logical_date < (SELECT max(n.logical_date) FROM schedule_runs n WHERE n.dag_id = r.dag_id AND n.run_type = 'scheduled')
