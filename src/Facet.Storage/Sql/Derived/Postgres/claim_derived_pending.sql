-- Recovery (DerivedRecovery): the oldest pending batch no transaction holds, claimed as its trailing transaction would
-- claim it (claim_derived_batch.sql): a batch whose trailing transaction is running is locked and skipped; one whose
-- transaction has not started yet is taken here, and that transaction then finds its row gone and writes nothing.
CREATE TEMP TABLE IF NOT EXISTS derived_claimed (
    ingested_at timestamptz NOT NULL,
    event_dates date[] NOT NULL
) ON COMMIT DELETE ROWS;

WITH claimed AS (
    DELETE FROM derived_pending p
    WHERE p.ingested_at = (SELECT q.ingested_at FROM derived_pending q ORDER BY q.ingested_at LIMIT 1 FOR UPDATE SKIP LOCKED)
    RETURNING p.ingested_at, p.event_dates
)
INSERT INTO derived_claimed (ingested_at, event_dates)
SELECT ingested_at, event_dates FROM claimed;

SELECT count(*) FROM derived_claimed;
