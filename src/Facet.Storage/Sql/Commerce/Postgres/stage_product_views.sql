-- One batch's rows for fact_product_view, in its column order (no constraints: dedup is the writer's).
CREATE TEMP TABLE IF NOT EXISTS stage_product_views (LIKE fact_product_view) ON COMMIT DELETE ROWS;
