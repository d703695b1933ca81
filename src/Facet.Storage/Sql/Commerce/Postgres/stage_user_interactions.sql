-- One batch's rows for fact_user_interaction, in its column order (no constraints: dedup is the writer's).
CREATE TEMP TABLE IF NOT EXISTS stage_user_interactions (LIKE fact_user_interaction) ON COMMIT DELETE ROWS;
