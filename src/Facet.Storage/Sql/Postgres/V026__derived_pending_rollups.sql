-- Version 26 (issue 22): a pending batch's rollup increments trail it too (V023). The trailing transaction adds the
-- batch's counts to the eight rollup tables with its sessions and funnel progress, so that consecutive batches' rows for
-- the same hour and key are summed and upserted once per trail, not once per batch (a saturated `facet run` upserted
-- ~900,000 rollup rows per million events, the largest per-batch cost left). true: the batch's rollups are not written
-- yet, and a recovery recounts them from the batch's facts (Sql/Derived/Postgres/recover_rollups.sql). false: a batch
-- marked before this version, whose rollups its own transaction wrote.
-- IF NOT EXISTS: a warehouse whose schema_version rows were rolled back past this version migrates again (as V023's table).
ALTER TABLE derived_pending ADD COLUMN IF NOT EXISTS rollups boolean NOT NULL DEFAULT false;
