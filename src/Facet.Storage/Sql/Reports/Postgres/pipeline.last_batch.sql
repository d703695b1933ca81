-- Pipeline panel: the last committed batch (times as µs since the epoch).
SELECT batch_id, worker_id,
       (extract(epoch FROM started_at) * 1000000)::bigint,
       (extract(epoch FROM committed_at) * 1000000)::bigint,
       consumed, inserted, duplicates, rejected, consumer_lag,
       (extract(epoch FROM max_event_ts) * 1000000)::bigint
FROM pipeline_batches
ORDER BY batch_id DESC
LIMIT 1
