-- A batch with sessions off stored facts of devices without sessionizing them (V017; as Sessions/Postgres/ says).
INSERT INTO warehouse_flags (name, set_at)
SELECT 'facts_without_sessions', now()
WHERE NOT EXISTS (SELECT 1 FROM warehouse_flags WHERE name = 'facts_without_sessions');
