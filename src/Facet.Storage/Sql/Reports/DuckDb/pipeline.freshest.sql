-- Pipeline panel: the newest event time any logged batch loaded (µs since the epoch), or NULL.
SELECT epoch_us(max(max_event_ts)) FROM pipeline_batches
