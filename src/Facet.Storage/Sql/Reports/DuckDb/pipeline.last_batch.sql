-- Pipeline panel: the last committed batch (times as µs since the epoch).
SELECT batch_id, worker_id,
       epoch_us(started_at),
       epoch_us(committed_at),
       consumed, inserted, duplicates, rejected, consumer_lag,
       epoch_us(max_event_ts)
FROM pipeline_batches
ORDER BY batch_id DESC
LIMIT 1
