-- Idempotent per (dag, logical date): a second trigger, backfill or catch-up of the same date inserts nothing.
INSERT INTO schedule_runs (dag_id, logical_date, data_interval_start, data_interval_end, run_type, state, queued_at)
VALUES ($dag_id, $logical_date, $data_interval_start, $data_interval_end, $run_type, 'queued', $now)
ON CONFLICT (dag_id, logical_date) DO NOTHING
