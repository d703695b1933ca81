-- A batch with sessions off stored facts of devices without sessionizing them: from now on no batch may take "after
-- its latest session" for "after every stored fact" of a device (V017, Funnels/Postgres/funnel_open_rows.sql).
-- Once the flag is committed the batches only read it: an insert that met another worker's uncommitted one would wait
-- for that worker's commit.
INSERT INTO warehouse_flags (name, set_at)
SELECT 'facts_without_sessions', now()
WHERE NOT EXISTS (SELECT 1 FROM warehouse_flags WHERE name = 'facts_without_sessions')
ON CONFLICT (name) DO NOTHING;
