-- One definition's late events per window in [from, to), with their example ids (a few per window).
SELECT epoch_us(l.window_start), epoch_us(l.window_end), l.late_count, l.applied_count, e.record_id
FROM window_late_event l
LEFT JOIN window_late_example e ON e.definition = l.definition AND e.window_start = l.window_start
WHERE l.definition = $name AND l.window_start >= $from AND l.window_start < $to
ORDER BY l.window_start, e.record_id
