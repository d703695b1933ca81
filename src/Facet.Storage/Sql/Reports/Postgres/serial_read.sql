-- For the rest of a read-only transaction: no parallel workers. A report that reads one or two days of an index (the
-- funnel report's day of funnel_progress candidates: ~160,000 rows at 10M facts in the worst case) finishes in about
-- the time PostgreSQL needs to start its workers; on the funnel read the parallel plan the planner picks for a single
-- group took 36–54 ms against 25 ms without workers (BENCHMARKS.md, "Issue 21: funnel report latency at 10M facts").
-- Longer ranges keep the planner's choice.
SET LOCAL max_parallel_workers_per_gather = 0
