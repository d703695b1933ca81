-- One batch's rows for fact_click_event, in its column order (no constraints: dedup is the writer's).
CREATE TEMP TABLE IF NOT EXISTS stage_click_events AS SELECT * FROM fact_click_event LIMIT 0;
