DELETE FROM schedule_leases WHERE dag_id = @dag_id AND owner = @owner
