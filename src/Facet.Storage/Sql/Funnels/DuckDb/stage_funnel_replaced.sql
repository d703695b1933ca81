-- The keys of the continued devices' stored funnel_progress rows that their new events changed
-- (FunnelCandidates.Continue): write_funnel_progress deletes those rows, and FunnelProgressWriter then appends every
-- continued row to funnel_progress directly.
CREATE TEMP TABLE IF NOT EXISTS stage_funnel_replaced (
    device_id VARCHAR NOT NULL,
    funnel_id INTEGER NOT NULL,
    entry_ts  TIMESTAMPTZ NOT NULL
);
