-- Recovery: every fact the claimed batch stored with a device, staged for write_sessions.sql as the batch would have
-- staged them, but marked for a rebuild from the facts: the in-order path cuts a batch's events in memory, and a
-- recovered batch's are not. The batch's facts are those of its days with its ingestion time: one scan of each day's
-- partition, the cost of a path taken only after a crash. Returns how many were staged.
-- @count
INSERT INTO stage_session_events (event_key, device_id, event_ts, timeout_s, late_bound_s, arrived_at, event_id, rebuild)
SELECT f.event_key, f.device_id, f.event_ts, r.timeout_s, r.late_bound_s, f.ingested_at, f.event_id, true
FROM derived_claimed c
CROSS JOIN stage_derived_rules r
JOIN fact_events f ON f.event_date = ANY (c.event_dates) AND f.ingested_at = c.ingested_at
WHERE f.device_id IS NOT NULL AND f.device_id <> '';
