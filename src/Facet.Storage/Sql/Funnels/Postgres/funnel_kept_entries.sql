-- Per stored funnel and scoped device, the latest entry candidate the rebuild keeps (before from_ts, epoch µs): the
-- previous candidate of the first row it writes.
-- Each device's rows through the primary key (device_id first), in a LATERAL subquery: a plain join was planned as a
-- hash join over all of funnel_progress, a cost per batch growing with the table (issue 22, BENCHMARKS.md).
SELECT k.funnel_id, c.device_id, (extract(epoch FROM k.last_entry) * 1000000)::bigint
FROM stage_funnel_scope c
CROSS JOIN LATERAL (
    SELECT p.funnel_id, max(p.entry_ts) AS last_entry
    FROM funnel_progress p
    WHERE p.device_id = c.device_id AND p.entry_ts < c.from_ts
    GROUP BY p.funnel_id) k;
