-- A batch whose sessions and funnel progress trail it (V023): its facts' ingestion time and their UTC days, one row per
-- day, and the process that writes them (V024: the number of its advisory lock; DerivedWrite: the batch transaction marks
-- it pending, its trailing transaction claims it); and whether its rollup increments trail it too (V026).
CREATE TEMP TABLE IF NOT EXISTS stage_derived_batch (
    ingested_at timestamptz NOT NULL,
    event_date  date NOT NULL,
    owner       integer,
    rollups     boolean NOT NULL
) ON COMMIT DELETE ROWS;
