-- Report cache (issue 20): the data version, overall and per stream family (pipeline_batches.families bits, V011:
-- 1 clickstream, 2 commerce, 4 windows). Every loader logs its batch to pipeline_batches, with the families it wrote,
-- as the last statement before COMMIT, so a commit adds one row; the identity is drawn at that insert, so two writers
-- can commit out of id order, and the max alone would miss the lower one: the count and the sum of the ids among the
-- newest 1000 catch it, overall and per family (a row leaving that range is always older than one entering it, so a
-- sum cannot stand still). A family's max is over the whole log, not the range, so a family that has not written for
-- 1000 batches keeps its version instead of falling back to zero (the max subqueries walk the key index backwards).
-- Last, the clickstream batches whose sessions and funnel progress are still pending (V023): a trailing transaction's
-- commit logs no batch but lowers that count, and between two clickstream batches it only goes down.
WITH recent AS (
    SELECT batch_id, families FROM pipeline_batches
    WHERE batch_id > (SELECT coalesce(max(batch_id), 0) FROM pipeline_batches) - 1000
)
SELECT coalesce(max(batch_id), 0)::bigint, count(*)::bigint, coalesce(sum(batch_id), 0)::bigint,
       (SELECT coalesce(max(batch_id), 0) FROM pipeline_batches WHERE families & 1 <> 0)::bigint,
       count(*) FILTER (WHERE families & 1 <> 0)::bigint, coalesce(sum(batch_id) FILTER (WHERE families & 1 <> 0), 0)::bigint,
       (SELECT coalesce(max(batch_id), 0) FROM pipeline_batches WHERE families & 2 <> 0)::bigint,
       count(*) FILTER (WHERE families & 2 <> 0)::bigint, coalesce(sum(batch_id) FILTER (WHERE families & 2 <> 0), 0)::bigint,
       (SELECT coalesce(max(batch_id), 0) FROM pipeline_batches WHERE families & 4 <> 0)::bigint,
       count(*) FILTER (WHERE families & 4 <> 0)::bigint, coalesce(sum(batch_id) FILTER (WHERE families & 4 <> 0), 0)::bigint,
       (SELECT count(*) FROM derived_pending)::bigint
FROM recent
