-- Version 16 (issue 22): the session tail columns of Sql/Postgres/V016, for one schema on both backends. DuckDB's
-- writer (Sql/Sessions/DuckDb/write_sessions.sql) always rebuilds a touched device's sessions from its facts and leaves
-- them NULL (tail unknown); only PostgreSQL extends a session from its tail.
ALTER TABLE fact_sessions ADD COLUMN tail_event_id text;

ALTER TABLE fact_sessions ADD COLUMN tail_campaign text;

ALTER TABLE fact_sessions ADD COLUMN tail_timeout_s integer;
