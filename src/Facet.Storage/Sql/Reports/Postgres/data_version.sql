-- Report cache (issue 20): the data version, which changes with every committed batch. Every loader logs its batch to
-- pipeline_batches as the last statement before COMMIT, so a commit adds one row; the identity is drawn at that insert,
-- so two writers can commit out of id order, and the max alone would miss the lower one: the count and the sum of the
-- newest 1000 ids catch it (a pruned row is always older than an added one, so the sum cannot stand still).
SELECT coalesce(max(batch_id), 0)::bigint, count(*)::bigint, coalesce(sum(batch_id), 0)::bigint
FROM pipeline_batches
WHERE batch_id > (SELECT coalesce(max(batch_id), 0) FROM pipeline_batches) - 1000
