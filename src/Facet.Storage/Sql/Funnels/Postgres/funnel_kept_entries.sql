-- Per stored funnel and scoped device, the latest entry candidate the rebuild keeps (before from_ts, epoch µs): the
-- previous candidate of the first row it writes.
-- One backward probe of funnel_progress' key (device_id, funnel_id, entry_ts) per device and funnel, each in a LATERAL
-- subquery: a plain join was planned as a hash join over all of funnel_progress (issue 22, BENCHMARKS.md), and a
-- max() per device grouped by funnel read every row of the device before from_ts — all its history, in every batch
-- that touches it, a cost growing with the warehouse's age (issue 22: 10,000 devices with ~110 rows a funnel before
-- from_ts, 380-390 ms against 210-220; BENCHMARKS.md).
SELECT f.funnel_id, c.device_id, (extract(epoch FROM k.entry_ts) * 1000000)::bigint
FROM stage_funnel_scope c
CROSS JOIN (SELECT DISTINCT funnel_id FROM stage_stored_funnels) f
CROSS JOIN LATERAL (
    SELECT p.entry_ts
    FROM funnel_progress p
    WHERE p.device_id = c.device_id AND p.funnel_id = f.funnel_id AND p.entry_ts < c.from_ts
    ORDER BY p.entry_ts DESC
    LIMIT 1) k;
