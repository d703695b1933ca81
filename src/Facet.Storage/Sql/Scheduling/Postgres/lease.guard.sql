-- First write of every scheduler transaction: zero rows means the lease is no longer ours, and the transaction is
-- rolled back. On PostgreSQL the row lock also makes a concurrent take-over wait for this transaction.
UPDATE schedule_leases SET expires_at = @expires_at
WHERE dag_id = @dag_id AND owner = @owner
