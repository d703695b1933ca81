-- Pipeline panel: batches committed since @since, per worker: events consumed, the latest lag, the newest event.
SELECT worker_id,
       sum(consumed)::bigint AS consumed,
       (array_agg(consumer_lag ORDER BY batch_id DESC))[1] AS consumer_lag,
       (extract(epoch FROM max(max_event_ts)) * 1000000)::bigint AS max_event_us
FROM pipeline_batches
WHERE committed_at >= @since
GROUP BY worker_id
