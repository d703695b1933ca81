-- One batch's windows that may be stored whole (V015), one row each with its aggregates as aligned arrays built by
-- WindowStepRows (issue 18), emptied at commit or rollback.
CREATE TEMP TABLE IF NOT EXISTS stage_window_packed (definition text, window_start timestamptz, window_key text, aggregates text[], value_counts bigint[], value_sums numeric[], value_mins numeric[], value_maxs numeric[], time_mins timestamptz[], time_maxs timestamptz[], members_folded bigint[]) ON COMMIT DELETE ROWS;
