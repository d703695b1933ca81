-- DuckDB's session step keeps no tails and has no in-order path (Sessions/DuckDb/write_sessions.sql), so nothing here
-- proves that a device's new events come after its stored facts: no device is continued, every scoped device keeps
-- rebuild = true and is rebuilt from its facts (Funnels/Postgres/funnel_open_rows.sql says what PostgreSQL does).
SELECT device_id, CAST(NULL AS INTEGER), CAST(NULL AS BIGINT), CAST(NULL AS BIGINT), CAST(NULL AS SMALLINT),
       CAST(NULL AS TEXT), CAST(NULL AS TEXT), CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), CAST(NULL AS INTEGER)
FROM stage_funnel_scope
WHERE false;
