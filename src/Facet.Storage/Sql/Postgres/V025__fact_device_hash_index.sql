-- Issue 22: V008's (device_id, event_ts) B-tree on fact_events becomes a hash index on device_id. Only the rebuild
-- paths read it (write_sessions.sql and funnel_scope_events.sql: a late or out-of-order device's facts, read back
-- per device), yet every fact row paid for it: each insert descends to a random leaf of a wide text key. A hash
-- index keeps a 4-byte hash per row (34 against 87 MB for a 1M-fact day) and costs about half as much per insert
-- (BENCHMARKS.md, issue 22). It answers device_id = x only: the readers filter event_ts outside the per-device read,
-- which keeps the planner from ANDing it with the BRIN on event_ts (a bitmap of the whole day per device).
DROP INDEX IF EXISTS fact_events_device_ts;
CREATE INDEX fact_events_device ON fact_events USING hash (device_id);
