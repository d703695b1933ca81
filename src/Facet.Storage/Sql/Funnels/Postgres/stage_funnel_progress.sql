-- The rebuilt funnel_progress rows (V014), computed in C# (FunnelProgressWriter) in the table's column order, for
-- write_funnel_progress.
CREATE TEMP TABLE IF NOT EXISTS stage_funnel_progress (LIKE funnel_progress) ON COMMIT DELETE ROWS;
