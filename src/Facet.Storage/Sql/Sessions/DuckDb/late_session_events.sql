-- The staged events that arrived beyond the late bound (write_sessions.sql counted them): never sessionized.
SELECT n.event_key FROM stage_session_events n
WHERE EXISTS (SELECT 1 FROM session_late_events l WHERE l.event_key = n.event_key);
