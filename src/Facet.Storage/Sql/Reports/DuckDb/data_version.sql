-- Report cache (issue 20): the data version, overall and per stream family (pipeline_batches.families bits, V011:
-- 1 clickstream, 2 commerce, 4 windows); see the PostgreSQL text for why the count and sum are there and why a
-- family's max is over the whole log.
WITH recent AS (
    SELECT batch_id, families FROM pipeline_batches
    WHERE batch_id > (SELECT coalesce(max(batch_id), 0) FROM pipeline_batches) - 1000
)
SELECT CAST(coalesce(max(batch_id), 0) AS BIGINT), CAST(count(*) AS BIGINT), CAST(coalesce(sum(batch_id), 0) AS BIGINT),
       CAST((SELECT coalesce(max(batch_id), 0) FROM pipeline_batches WHERE families & 1 <> 0) AS BIGINT),
       CAST(count(*) FILTER (WHERE families & 1 <> 0) AS BIGINT), CAST(coalesce(sum(batch_id) FILTER (WHERE families & 1 <> 0), 0) AS BIGINT),
       CAST((SELECT coalesce(max(batch_id), 0) FROM pipeline_batches WHERE families & 2 <> 0) AS BIGINT),
       CAST(count(*) FILTER (WHERE families & 2 <> 0) AS BIGINT), CAST(coalesce(sum(batch_id) FILTER (WHERE families & 2 <> 0), 0) AS BIGINT),
       CAST((SELECT coalesce(max(batch_id), 0) FROM pipeline_batches WHERE families & 4 <> 0) AS BIGINT),
       CAST(count(*) FILTER (WHERE families & 4 <> 0) AS BIGINT), CAST(coalesce(sum(batch_id) FILTER (WHERE families & 4 <> 0), 0) AS BIGINT),
       CAST((SELECT count(*) FROM derived_pending) AS BIGINT)
FROM recent
