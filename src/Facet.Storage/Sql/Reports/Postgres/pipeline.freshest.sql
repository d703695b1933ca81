-- Pipeline panel: the newest event time any logged batch loaded (µs since the epoch), or NULL.
SELECT (extract(epoch FROM max(max_event_ts)) * 1000000)::bigint FROM pipeline_batches
