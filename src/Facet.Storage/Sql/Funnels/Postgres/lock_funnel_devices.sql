-- Two workers may hold events of one device (Sessions/Postgres/lock_session_devices.sql explains): the rebuild of a
-- device's funnel rows takes the same transaction-scoped bucket locks as its session rebuild (held already when
-- sessions are on; taken here when they are off), in bucket order, so a second worker waits for the first to commit
-- and then reads its facts.
SELECT pg_advisory_xact_lock(1937007986, b)
FROM (SELECT DISTINCT hashtext(device_id) & 255 AS b FROM stage_funnel_scope ORDER BY b) buckets;
