-- The first statement of a batch's trailing transaction: its pending row deleted, which the transaction holds locked
-- until it commits with the derived rows (or rolls back, and the row is pending again). A count of 0: a recovery in
-- another process claimed the batch first (DerivedRecovery) and wrote its rows; this transaction writes nothing. From
-- here on the batch's own facts count as stored for write_sessions.sql and funnel_scope_events.sql, and those of every
-- other pending batch do not.
-- @count
DELETE FROM derived_pending p
USING (SELECT DISTINCT ingested_at FROM stage_derived_batch) b
WHERE p.ingested_at = b.ingested_at;
