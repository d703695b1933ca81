-- Rejected messages received before the cutoff (their reasons are in the report of their day until then).
DELETE FROM bad_events WHERE received_at < $cutoff
