-- Report cache (issue 20): the data version, which changes with every committed batch. Every loader logs its batch to
-- pipeline_batches as the last statement before COMMIT; see the PostgreSQL text for why the count and sum are there.
SELECT CAST(coalesce(max(batch_id), 0) AS BIGINT), CAST(count(*) AS BIGINT), CAST(coalesce(sum(batch_id), 0) AS BIGINT)
FROM pipeline_batches
WHERE batch_id > (SELECT coalesce(max(batch_id), 0) FROM pipeline_batches) - 1000
