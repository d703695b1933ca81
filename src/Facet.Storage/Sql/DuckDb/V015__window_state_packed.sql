-- Version 15 (issue 18): a window that one batch creates and makes final, in a definition that never applies a late
-- event, is stored whole in its window_state row (see Sql/Postgres/V015): its aggregates as aligned lists instead of one window_aggregate row each.
ALTER TABLE window_state ADD COLUMN aggregates VARCHAR[];
ALTER TABLE window_state ADD COLUMN value_counts BIGINT[];
ALTER TABLE window_state ADD COLUMN value_sums DECIMAL(38,6)[];
ALTER TABLE window_state ADD COLUMN value_mins DECIMAL(38,6)[];
ALTER TABLE window_state ADD COLUMN value_maxs DECIMAL(38,6)[];
ALTER TABLE window_state ADD COLUMN time_mins TIMESTAMPTZ[];
ALTER TABLE window_state ADD COLUMN time_maxs TIMESTAMPTZ[];
ALTER TABLE window_state ADD COLUMN members_folded BIGINT[];
