-- DuckDB's session step keeps no tails and rebuilds every touched device from its facts (write_sessions.sql): there is
-- no in-order device for SessionWriter to cut (Sessions/Postgres/in_order_sessions.sql says what PostgreSQL returns).
SELECT device_id, CAST(NULL AS BIGINT), CAST(NULL AS TEXT), CAST(NULL AS TIMESTAMPTZ) FROM stage_session_events WHERE false;

