-- The batch log of workers that stopped writing (a running worker prunes its own rows as it goes). The newest batch of
-- each stream family (1 clickstream, 2 commerce, 4 windows) stays however old: the report cache's per-family data
-- version is its id, and must never fall back to 0.
DELETE FROM pipeline_batches WHERE committed_at < $cutoff AND batch_id NOT IN (
    SELECT coalesce(max(batch_id), 0) FROM pipeline_batches WHERE families & 1 <> 0 UNION ALL
    SELECT coalesce(max(batch_id), 0) FROM pipeline_batches WHERE families & 2 <> 0 UNION ALL
    SELECT coalesce(max(batch_id), 0) FROM pipeline_batches WHERE families & 4 <> 0)
