-- Recovery (DerivedRecovery): the oldest pending batch no transaction holds, claimed as its trailing transaction would
-- claim it (claim_derived_batch.sql): a batch whose trailing transaction is running is locked and skipped; one whose
-- transaction has not started yet is taken here, and that transaction then finds its row gone and writes nothing.
-- Only batches this process marked, or whose process is gone (V024: its advisory lock (7123004, owner) is free — taking
-- it here for this transaction is harmless; a failed try takes nothing, so the order of the tests does not matter), or
-- of unknown owner: a live process's batches are its own trailing transactions' to write.
CREATE TEMP TABLE IF NOT EXISTS derived_claimed (
    ingested_at timestamptz NOT NULL,
    event_dates date[] NOT NULL,
    rollups     boolean NOT NULL
) ON COMMIT DELETE ROWS;

WITH claimed AS (
    DELETE FROM derived_pending p
    WHERE p.ingested_at = (
        SELECT q.ingested_at FROM derived_pending q
        WHERE q.owner IS NULL
           OR q.owner IS NOT DISTINCT FROM (SELECT r.owner FROM stage_derived_rules r)
           OR pg_try_advisory_xact_lock(7123004, q.owner)
        ORDER BY q.ingested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING p.ingested_at, p.event_dates, p.rollups
)
INSERT INTO derived_claimed (ingested_at, event_dates, rollups)
SELECT ingested_at, event_dates, rollups FROM claimed;

SELECT count(*) FROM derived_claimed;
