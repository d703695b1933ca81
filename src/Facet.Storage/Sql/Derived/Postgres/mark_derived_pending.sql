-- In the batch transaction: the batch's derived rows are pending (V023). A count of 0 means another pending batch holds
-- the same ingestion time (another worker, the same microsecond; the insert waited for its commit): DerivedWrite then
-- fails the transaction as a concurrency conflict and the batch is written again at another time, because the
-- derived steps tell the batches' facts apart by that time.
-- @count
INSERT INTO derived_pending (ingested_at, event_dates, owner, rollups)
SELECT ingested_at, array_agg(event_date ORDER BY event_date), min(owner), bool_or(rollups)
FROM stage_derived_batch
GROUP BY ingested_at
ON CONFLICT (ingested_at) DO NOTHING;
