-- Takes a free lease: one row inserted means it is ours.
INSERT INTO schedule_leases (dag_id, owner, acquired_at, expires_at)
VALUES (@dag_id, @owner, @now, @expires_at)
ON CONFLICT (dag_id) DO NOTHING
