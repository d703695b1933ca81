-- After a back-fill (V014's, or `facet db maintenance` computing a deferred queue): fresh statistics for the rows it
-- wrote, so the report's day read is planned on them (autovacuum would get there, later). The index
-- funnel_progress_entry orders the day's candidates, so unlike DuckDB the table itself needs no reordering.
ANALYZE funnel_progress;
