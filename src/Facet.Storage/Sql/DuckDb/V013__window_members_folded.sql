-- Version 13 (issue 18): window_aggregate.members_folded, the exact distinct count of a window whose members are not
-- kept (see Sql/Postgres/V013). DuckDB's window_write folds the same windows as PostgreSQL's (since the issue 18 cut
-- that inserts a batch's new windows apart from the stored ones).
ALTER TABLE window_aggregate ADD COLUMN members_folded BIGINT;
