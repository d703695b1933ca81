-- Pipeline panel: batches committed since $since, per worker: events consumed, the latest lag, the newest event.
SELECT worker_id,
       sum(consumed)::bigint AS consumed,
       arg_max(consumer_lag, batch_id) AS consumer_lag,
       epoch_us(max(max_event_ts)) AS max_event_us
FROM pipeline_batches
WHERE committed_at >= $since
GROUP BY worker_id
