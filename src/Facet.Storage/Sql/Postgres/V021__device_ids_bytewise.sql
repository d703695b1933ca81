-- Version 21 (issue 22): every column holding a clickstream device id compares bytewise (COLLATE "C"), as the stage
-- tables of the batch transaction now do (Sql/Sessions/Postgres, Sql/Funnels/Postgres).
-- A device id is an opaque identifier: only equality and a stable order matter, never a language's order. Under the
-- database's collation (C.UTF-8, en_US.UTF-8, ...) every comparison of two ids goes through strcoll and a sort by
-- device cannot use abbreviated keys; the batch transaction compares them per event (the device index of the facts,
-- funnel_progress' and fact_sessions' keys, the per-device probes and sorts of the session and funnel steps). A 1M-event
-- load, three pairs: PostgreSQL CPU 55.8 -> 50.2 us per event (medians), the session scope 4.77 -> 3.31 s, the funnel
-- continuation's read 3.74 -> 2.91 s, the fact COPY 19.2 -> 17.5 s (BENCHMARKS.md).
-- Changing only the collation of a text column rewrites no table: the indexes on the column are rebuilt.
-- The view over fact_events is dropped and created again as it was (a column a view uses cannot change its type), with
-- the privileges it had been granted: a reporting role reading it keeps reading it.
DO $$
DECLARE
    grants text[];
    statement text;
BEGIN
    SELECT array_agg(format('GRANT %s ON fact_product_views TO %s%s', a.privilege_type,
                            CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(a.grantee)) END,
                            CASE WHEN a.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END))
    INTO grants
    FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a
    WHERE c.oid = 'fact_product_views'::regclass AND a.grantee <> c.relowner;

    DROP VIEW fact_product_views;
    ALTER TABLE fact_events ALTER COLUMN device_id TYPE text COLLATE "C";
    CREATE VIEW fact_product_views AS SELECT * FROM fact_events WHERE collection = 'view_product_detail';

    FOREACH statement IN ARRAY coalesce(grants, '{}') LOOP
        EXECUTE statement;
    END LOOP;
END $$;

ALTER TABLE fact_sessions ALTER COLUMN device_id TYPE text COLLATE "C";
ALTER TABLE session_late_events ALTER COLUMN device_id TYPE text COLLATE "C";
ALTER TABLE funnel_progress ALTER COLUMN device_id TYPE text COLLATE "C";
ALTER TABLE funnel_progress_backfill ALTER COLUMN device_id TYPE text COLLATE "C";
ALTER TABLE kpi_devices_daily ALTER COLUMN device_id TYPE text COLLATE "C";
ALTER TABLE dim_customer ALTER COLUMN device_id TYPE text COLLATE "C";
