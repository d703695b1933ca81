-- The keys of the continued devices' stored funnel_progress rows that their new events changed
-- (FunnelCandidates.Continue): write_funnel_progress deletes those rows, and FunnelProgressWriter then appends every
-- continued row to funnel_progress directly.
CREATE TEMP TABLE IF NOT EXISTS stage_funnel_replaced (
    device_id text COLLATE "C" NOT NULL,  -- bytewise, as in funnel_progress (V021)
    funnel_id integer NOT NULL,
    entry_ts  timestamptz NOT NULL
) ON COMMIT DELETE ROWS;
-- Probed by key once per stored row of a continued device (write_funnel_progress.sql's delete).
CREATE INDEX IF NOT EXISTS stage_funnel_replaced_key ON stage_funnel_replaced (device_id, funnel_id, entry_ts);
