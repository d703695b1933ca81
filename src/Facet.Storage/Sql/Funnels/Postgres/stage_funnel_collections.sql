-- The step collections of the stored funnels (StoredFunnels.Collections): the facts funnel_scope_events reads.
CREATE TEMP TABLE IF NOT EXISTS stage_funnel_collections (
    collection text NOT NULL
) ON COMMIT DELETE ROWS;
