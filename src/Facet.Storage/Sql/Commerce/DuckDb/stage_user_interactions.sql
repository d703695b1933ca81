-- One batch's rows for fact_user_interaction, in its column order (no constraints: dedup is the writer's).
CREATE TEMP TABLE IF NOT EXISTS stage_user_interactions AS SELECT * FROM fact_user_interaction LIMIT 0;
