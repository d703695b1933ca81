-- DuckDB's session step keeps no tails and has no in-order path (Sessions/DuckDb/write_sessions.sql), so nothing here
-- proves that a device's new events come after its stored facts: every scoped device keeps rebuild = true and is
-- rebuilt from its facts (Sql/Postgres/V017 and Funnels/Postgres/funnel_continue_devices.sql say what PostgreSQL does).
SELECT count(*) FROM stage_funnel_scope WHERE NOT rebuild;
