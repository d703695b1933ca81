-- Task history of the runs schedule_runs.sql removes (same rule, so it runs first).
DELETE FROM schedule_task_instances t
WHERE EXISTS (
    SELECT 1 FROM schedule_runs r
    WHERE r.dag_id = t.dag_id AND r.logical_date = t.logical_date
      AND r.state IN ('success', 'failed') AND r.end_date < @cutoff
      AND r.logical_date < (SELECT max(n.logical_date) FROM schedule_runs n WHERE n.dag_id = r.dag_id AND n.run_type = 'scheduled'))
