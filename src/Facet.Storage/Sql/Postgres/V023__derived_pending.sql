-- Version 23 (issue 22): the batches whose sessions and funnel progress are still to be written. A clickstream batch
-- loaded with trailing derived writes (WarehouseOptions.TrailDerivedWrites) commits its facts, rollups and checkpoints
-- with a row here, and a second transaction on another connection writes the sessions and funnel progress of those
-- facts while the next batch's facts load: it deletes the row first (the guard: a row another process recovered is
-- gone, and that transaction writes nothing) and commits with the derived rows. Until then the batch's facts count in
-- every report that reads facts, and not yet in sessions or funnel progress.
-- * The session and funnel steps read a device's stored facts without those of still-pending batches (whose own trailing
--   transaction adds them), so whatever order the transactions commit in, each fact enters the derived rows once.
-- * A row left by a crash (or a failed trailing transaction) is recovered by the next write of any process: the batch's
--   facts are found by (event_date = ANY(event_dates), ingested_at) — a partition scan per day, no index kept for a rare
--   path — their devices' sessions rebuilt from the facts and their funnel progress queued for the back-fill
--   (Internal/DerivedRecovery.cs).
-- ingested_at is the batch's fact_events.ingested_at, unique among pending batches (a batch that finds its time taken
-- rolls back and is written again with another).
CREATE TABLE IF NOT EXISTS derived_pending (
    ingested_at timestamptz PRIMARY KEY,
    event_dates date[] NOT NULL
);
