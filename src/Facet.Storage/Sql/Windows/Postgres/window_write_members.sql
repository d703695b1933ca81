-- The window step's distinct members (issue 19), after window_write: WindowStepRows stages only the members of windows
-- that keep them (not those stored whole, V015, which keep their count), so this reads a few percent of them in a
-- bulk import. The packed windows are still left out here, whatever was staged.
-- One pass with ON CONFLICT: splitting new windows from stored ones here read the staged members twice and cost more
-- than it saved (BENCHMARKS.md, issue 18).
INSERT INTO window_member (definition, window_start, window_key, aggregate, member)
SELECT DISTINCT s.definition, s.window_start, s.window_key, s.aggregate, s.member FROM stage_window_member s
WHERE NOT EXISTS (SELECT 1 FROM stage_window_merged n
    WHERE n.packed AND n.definition = s.definition AND n.window_start = s.window_start AND n.window_key = s.window_key)
ORDER BY s.definition, s.window_start, s.window_key, s.aggregate, s.member
ON CONFLICT (definition, window_start, window_key, aggregate, member) DO NOTHING;
