-- What facet windows recompute rebuilds (issue 20): per definition, its source, the facts it reads ([facts_from,
-- facts_to)) and the window starts it replaces ([windows_from, windows_to)); the transaction empties it before use.
CREATE TEMP TABLE IF NOT EXISTS stage_window_recompute (definition text, source text, facts_from timestamptz, facts_to timestamptz, windows_from timestamptz, windows_to timestamptz);
