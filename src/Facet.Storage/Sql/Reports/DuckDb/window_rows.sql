-- One definition's windows in [from, to) by window start, one row per aggregate; times as epoch µs; members = the
-- exact distinct count of a distinct aggregate: the count folded into the aggregate row (V013) plus the stored members.
-- A window's aggregates are its window_aggregate rows, or, for a window stored whole (V015), its window_state lists.
-- Of those, any but the names may be NULL where every element would be null: unnest pads it with nulls.
SELECT epoch_us(s.window_start), epoch_us(s.window_end), s.window_key, s.revisions, s.late_revisions, s.is_final, epoch_us(s.last_updated_at),
       a.aggregate, a.value_count, a.value_sum, a.value_min, a.value_max, epoch_us(a.time_min), epoch_us(a.time_max),
       coalesce(a.members_folded, 0) + (SELECT count(*) FROM window_member m
        WHERE m.definition = a.definition AND m.window_start = a.window_start AND m.window_key = a.window_key AND m.aggregate = a.aggregate)
FROM window_state s
JOIN window_aggregate a ON a.definition = s.definition AND a.window_start = s.window_start AND a.window_key = s.window_key
WHERE s.definition = $name AND s.window_start >= $from AND s.window_start < $to AND s.aggregates IS NULL
UNION ALL
SELECT epoch_us(p.window_start), epoch_us(p.window_end), p.window_key, p.revisions, p.late_revisions, p.is_final, epoch_us(p.last_updated_at),
       p.aggregate, p.value_count, p.value_sum, p.value_min, p.value_max, epoch_us(p.time_min), epoch_us(p.time_max),
       CAST(coalesce(p.members_folded, 0) AS BIGINT)
FROM (SELECT s.window_start, s.window_end, s.window_key, s.revisions, s.late_revisions, s.is_final, s.last_updated_at,
             unnest(s.aggregates) AS aggregate, unnest(s.value_counts) AS value_count, unnest(s.value_sums) AS value_sum,
             unnest(s.value_mins) AS value_min, unnest(s.value_maxs) AS value_max, unnest(s.time_mins) AS time_min,
             unnest(s.time_maxs) AS time_max, unnest(s.members_folded) AS members_folded
      FROM window_state s
      WHERE s.definition = $name AND s.window_start >= $from AND s.window_start < $to AND s.aggregates IS NOT NULL) p
ORDER BY 1, 3, 8
