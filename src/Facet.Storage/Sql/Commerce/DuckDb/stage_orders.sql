-- One batch's rows for fact_order, in its column order (no constraints: dedup is the writer's).
CREATE TEMP TABLE IF NOT EXISTS stage_orders AS SELECT * FROM fact_order LIMIT 0;
