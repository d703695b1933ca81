-- The stored funnels (StoredFunnels.StepCollections): a row per funnel and step collection. funnel_scope_events reads
-- the facts of these collections.
CREATE TEMP TABLE IF NOT EXISTS stage_stored_funnels (
    funnel_id  integer NOT NULL,
    collection text NOT NULL
);
