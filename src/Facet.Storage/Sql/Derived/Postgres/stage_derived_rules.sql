-- The session rules in force for a recovery (DerivedRecovery), in seconds: what SessionWriter stages with each event;
-- and the recovering process's owner number (V024), whose own pending batches it may always take.
CREATE TEMP TABLE IF NOT EXISTS stage_derived_rules (
    timeout_s    integer NOT NULL,
    late_bound_s integer NOT NULL,
    owner        integer
) ON COMMIT DELETE ROWS;
