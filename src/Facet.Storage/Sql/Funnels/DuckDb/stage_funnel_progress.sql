-- The rebuilt funnel_progress rows (V014), computed in C# (FunnelProgressWriter) in the table's column order, for
-- write_funnel_progress.
CREATE TEMP TABLE IF NOT EXISTS stage_funnel_progress AS SELECT * FROM funnel_progress LIMIT 0;
