-- One batch's rows for fact_click_event, in its column order (no constraints: dedup is the writer's).
CREATE TEMP TABLE IF NOT EXISTS stage_click_events (LIKE fact_click_event) ON COMMIT DELETE ROWS;
