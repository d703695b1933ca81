-- Version 13 (issue 18): window_aggregate.members_folded, the exact distinct count of a window whose members are not
-- kept (see Sql/Postgres/V013). DuckDB's window_write does not fold yet (its members stay in window_member and this
-- column stays null); the column is here so both dialects' readers add it alike.
ALTER TABLE window_aggregate ADD COLUMN members_folded BIGINT;
