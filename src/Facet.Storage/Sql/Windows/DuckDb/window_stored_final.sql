-- After window_write: the windows of this batch that were stored before (not in stage_window_new), in a definition that
-- packs (V015) and final after the batch; see Sql/Windows/Postgres/window_stored_final.sql. Window start as epoch µs.
SELECT s.definition, epoch_us(s.window_start), s.window_key
FROM stage_window_state s
WHERE s.packs
  AND (s.is_final OR EXISTS (SELECT 1 FROM stage_window_final f WHERE f.definition = s.definition AND s.window_start <= f.final_through))
  AND NOT EXISTS (SELECT 1 FROM stage_window_new n
      WHERE n.definition = s.definition AND n.window_start = s.window_start AND n.window_key = s.window_key);
