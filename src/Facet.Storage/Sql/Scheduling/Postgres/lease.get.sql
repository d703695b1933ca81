SELECT owner, expires_at FROM schedule_leases WHERE dag_id = @dag_id
