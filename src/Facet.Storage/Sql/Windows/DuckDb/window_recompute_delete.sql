-- facet windows recompute (issue 20): the recomputed definitions' windows in their range go, with their late-event
-- counts (the recompute applies every stored fact, those that once arrived late included); watermarks stay.
DELETE FROM window_member WHERE EXISTS (SELECT 1 FROM stage_window_recompute r
    WHERE r.definition = window_member.definition AND window_member.window_start >= r.windows_from AND window_member.window_start < r.windows_to);
DELETE FROM window_aggregate WHERE EXISTS (SELECT 1 FROM stage_window_recompute r
    WHERE r.definition = window_aggregate.definition AND window_aggregate.window_start >= r.windows_from AND window_aggregate.window_start < r.windows_to);
DELETE FROM window_late_example WHERE EXISTS (SELECT 1 FROM stage_window_recompute r
    WHERE r.definition = window_late_example.definition AND window_late_example.window_start >= r.windows_from AND window_late_example.window_start < r.windows_to);
DELETE FROM window_late_event WHERE EXISTS (SELECT 1 FROM stage_window_recompute r
    WHERE r.definition = window_late_event.definition AND window_late_event.window_start >= r.windows_from AND window_late_event.window_start < r.windows_to);
-- @count
DELETE FROM window_state WHERE EXISTS (SELECT 1 FROM stage_window_recompute r
    WHERE r.definition = window_state.definition AND window_state.window_start >= r.windows_from AND window_state.window_start < r.windows_to);
