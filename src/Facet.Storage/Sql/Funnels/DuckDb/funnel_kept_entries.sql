-- Per stored funnel and scoped device, the latest entry candidate the rebuild keeps (before from_ts, epoch µs): the
-- previous candidate of the first row it writes.
SELECT p.funnel_id, p.device_id, epoch_us(max(p.entry_ts))
FROM stage_funnel_scope c
JOIN funnel_progress p ON p.device_id = c.device_id AND p.entry_ts < c.from_ts
GROUP BY p.funnel_id, p.device_id;
