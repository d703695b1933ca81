-- The window definitions the warehouse has rows for (issue 19), as they were last used, with their watermark (epoch µs).
SELECT d.name, d.definition, (SELECT epoch_us(w.max_event_time) FROM window_watermark w WHERE w.definition = d.name AND w.source = '*' AND w.source_partition = -1)
FROM window_definition d ORDER BY d.name
