-- One batch's windows that may be stored whole (V015), one row each with its aggregates as aligned lists built by
-- WindowStepRows (issue 18); the transaction empties it before use.
CREATE TEMP TABLE IF NOT EXISTS stage_window_packed (definition text, window_start timestamptz, window_key text, aggregates VARCHAR[], value_counts BIGINT[], value_sums DECIMAL(38,6)[], value_mins DECIMAL(38,6)[], value_maxs DECIMAL(38,6)[], time_mins TIMESTAMPTZ[], time_maxs TIMESTAMPTZ[], members_folded BIGINT[]);
