-- Workers of one consumer group may hold partitions with events of the same device (producers need not key by
-- device). A device's rebuild must not interleave with another worker's: each batch takes transaction-scoped advisory
-- locks on the buckets (256) of the devices it touched (stage_session_events holds each one's earliest new events), in
-- bucket order, so a second worker waits for the first to commit and write_sessions.sql then sees the first one's facts
-- and sessions (READ COMMITTED). A deadlock, should one still occur, rolls the batch back and it is retried like any
-- transient failure.
SELECT pg_advisory_xact_lock(1937007986, b)
FROM (SELECT DISTINCT hashtext(device_id) & 255 AS b FROM stage_session_events ORDER BY b) buckets;

-- Then the late probe's bound (epoch µs; NULL when no fact is stored): no stored session ends at or after the hour
-- after the latest stored fact's UTC hour (rollup_collection_hourly holds every fact's hour, this batch's included).
-- A device whose earliest new event plus the late bound lies beyond it has no late event, so SessionWriter stages the
-- rest of its new events only for the other devices. Read under the locks, in a statement of its own (a statement's
-- snapshot is taken when it starts, before its locks are granted): a touched device's sessions cannot move after this,
-- and every fact they end on is counted in the hours read here.
SELECT (extract(epoch FROM max(h.hour_utc) + interval '1 hour') * 1000000)::bigint FROM rollup_collection_hourly h;
