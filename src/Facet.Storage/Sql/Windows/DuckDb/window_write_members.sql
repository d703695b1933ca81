-- The window step's distinct members (issue 19), after window_write: WindowStepRows stages only the members of windows
-- that keep them (not those stored whole, V015, which keep their count). Stored windows' members by an anti-join
-- (no primary key, V012), new windows' as they are.
INSERT INTO window_member (definition, window_start, window_key, aggregate, member)
SELECT DISTINCT s.definition, s.window_start, s.window_key, s.aggregate, s.member FROM stage_window_member s
WHERE NOT EXISTS (SELECT 1 FROM stage_window_new n
    WHERE n.definition = s.definition AND n.window_start = s.window_start AND n.window_key = s.window_key)
  AND NOT EXISTS (SELECT 1 FROM window_member m
    WHERE m.definition = s.definition AND m.window_start = s.window_start AND m.window_key = s.window_key
      AND m.aggregate = s.aggregate AND m.member = s.member)
ORDER BY s.definition, s.window_start, s.window_key, s.aggregate, s.member;
INSERT INTO window_member (definition, window_start, window_key, aggregate, member)
SELECT DISTINCT s.definition, s.window_start, s.window_key, s.aggregate, s.member FROM stage_window_member s
JOIN stage_window_new n ON n.definition = s.definition AND n.window_start = s.window_start AND n.window_key = s.window_key
WHERE NOT n.packed
ORDER BY s.definition, s.window_start, s.window_key, s.aggregate, s.member;
