-- One batch's rows for fact_order_line, in its column order (no constraints: dedup is the writer's).
CREATE TEMP TABLE IF NOT EXISTS stage_order_lines (LIKE fact_order_line) ON COMMIT DELETE ROWS;
