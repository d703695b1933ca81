-- Fresh planner statistics after loads and deletes (autovacuum gets there too, later).
ANALYZE
