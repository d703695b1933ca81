-- The rebuilt scoped devices' human facts of the stored funnels' step collections from from_ts on, grouped by device (C# sorts
-- each device's by time, then event id). Each device through the hash index fact_events_device (V025): OFFSET 0 keeps
-- the LATERAL subquery from being flattened into a join that hashes whole partitions (write_sessions.sql, issue 22), and
-- event_ts >= from_ts is tested outside it, so the planner does not AND the index with the BRIN on event_ts. The bound on
-- event_date (the partition key, the UTC day of event_ts) prunes the partitions before from_ts at run time: with 30
-- days of partitions a live batch's read took 0.9-1.5 s for 5,300 devices on event_ts alone, 0.1-0.2 s with it.
-- The outer OFFSET 0 joins the dimensions once, to all the devices' facts: left to itself the planner sometimes put
-- the dim_product join inside the per-device loop, as a hash join over a sequential scan of dim_product for each
-- device (~5,000 rows x ~4,600 devices, 3 s per 20,000-event batch against 0.15-0.4 s; issue 22, BENCHMARKS.md).
-- Facts of batches whose derived rows are still pending (V023) are left to their own trailing transaction, as in
-- write_sessions.sql.
SELECT f.device_id, f.event_id, (extract(epoch FROM f.event_ts) * 1000000)::bigint, f.collection, p.product_id, s.store_id,
       s.domain, f.store_key, f.location_key, f.user_agent_key
FROM (
    SELECT f.device_id, f.event_id, f.event_ts, f.collection, f.product_key, f.store_key, f.location_key, f.user_agent_key
    FROM stage_funnel_scope c
    CROSS JOIN LATERAL (
        SELECT f.device_id, f.event_id, f.event_ts, f.collection, f.product_key, f.store_key, f.location_key, f.user_agent_key
        FROM fact_events f
        WHERE f.device_id = c.device_id AND f.event_date >= (c.from_ts AT TIME ZONE 'UTC')::date
          AND NOT f.is_bot
          AND f.collection IN (SELECT collection FROM stage_stored_funnels)
          AND f.ingested_at <> ALL (ARRAY(SELECT p.ingested_at FROM derived_pending p))
        OFFSET 0) f
    WHERE c.rebuild AND f.event_ts >= c.from_ts
    OFFSET 0) f
JOIN dim_product p ON p.product_key = f.product_key
JOIN dim_store s ON s.store_key = f.store_key
ORDER BY f.device_id COLLATE "C";
