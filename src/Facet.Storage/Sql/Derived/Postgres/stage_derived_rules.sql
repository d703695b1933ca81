-- The session rules in force for a recovery (DerivedRecovery), in seconds: what SessionWriter stages with each event.
CREATE TEMP TABLE IF NOT EXISTS stage_derived_rules (
    timeout_s    integer NOT NULL,
    late_bound_s integer NOT NULL
) ON COMMIT DELETE ROWS;
