-- The stored funnels (StoredFunnels.StepCollections): a row per funnel and step collection. funnel_scope_events reads
-- the facts of these collections; funnel_kept_entries probes each scoped device's rows once per funnel.
CREATE TEMP TABLE IF NOT EXISTS stage_stored_funnels (
    funnel_id  integer NOT NULL,
    collection text NOT NULL
) ON COMMIT DELETE ROWS;
