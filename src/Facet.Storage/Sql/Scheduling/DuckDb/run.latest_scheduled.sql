-- Where the cron timetable continues: the end of the newest scheduled interval (manual and backfill runs aside).
SELECT max(data_interval_end) FROM schedule_runs WHERE dag_id = $dag_id AND run_type = 'scheduled'
