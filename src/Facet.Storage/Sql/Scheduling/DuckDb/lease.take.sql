-- Guarded: renews our own lease, or takes one whose holder is the one we read (expired or gone). Zero rows updated
-- means another scheduler renewed or took it in between.
UPDATE schedule_leases
SET owner = $owner,
    acquired_at = CASE WHEN owner = $owner THEN acquired_at ELSE $now END,
    expires_at = $expires_at
WHERE dag_id = $dag_id AND owner = $expected_owner AND expires_at = $expected_expires_at
