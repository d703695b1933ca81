-- The session rules in force for a recovery (DerivedRecovery), in seconds: what SessionWriter stages with each event;
-- the recovering process's owner number (V024), whose own pending batches it may always take; and its reporting time
-- zone, whose days the daily rollups of a recounted batch are counted in (V026, recover_rollups.sql).
CREATE TEMP TABLE IF NOT EXISTS stage_derived_rules (
    timeout_s    integer NOT NULL,
    late_bound_s integer NOT NULL,
    owner        integer,
    zone         text NOT NULL
) ON COMMIT DELETE ROWS;
