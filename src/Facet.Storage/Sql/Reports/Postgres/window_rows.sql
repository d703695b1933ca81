-- One definition's windows in [from, to) by window start, one row per aggregate; times as epoch µs; members = the
-- exact distinct count of a distinct aggregate: the count folded into the aggregate row (V013) plus the stored members.
-- A window's aggregates are its window_aggregate rows, or, for a window stored whole (V015), its window_state arrays.
-- Of those, any but the names may be NULL where every element would be null: unnest pads it with nulls.
SELECT CAST(extract(epoch FROM s.window_start) * 1000000 AS bigint), CAST(extract(epoch FROM s.window_end) * 1000000 AS bigint), s.window_key, s.revisions, s.late_revisions, s.is_final, CAST(extract(epoch FROM s.last_updated_at) * 1000000 AS bigint),
       a.aggregate, a.value_count, a.value_sum, a.value_min, a.value_max, CAST(extract(epoch FROM a.time_min) * 1000000 AS bigint), CAST(extract(epoch FROM a.time_max) * 1000000 AS bigint),
       coalesce(a.members_folded, 0) + (SELECT count(*) FROM window_member m
        WHERE m.definition = a.definition AND m.window_start = a.window_start AND m.window_key = a.window_key AND m.aggregate = a.aggregate)
FROM window_state s
JOIN window_aggregate a ON a.definition = s.definition AND a.window_start = s.window_start AND a.window_key = s.window_key
WHERE s.definition = @name AND s.window_start >= @from AND s.window_start < @to AND s.aggregates IS NULL
UNION ALL
SELECT CAST(extract(epoch FROM s.window_start) * 1000000 AS bigint), CAST(extract(epoch FROM s.window_end) * 1000000 AS bigint), s.window_key, s.revisions, s.late_revisions, s.is_final, CAST(extract(epoch FROM s.last_updated_at) * 1000000 AS bigint),
       p.aggregate, p.value_count, p.value_sum, p.value_min, p.value_max, CAST(extract(epoch FROM p.time_min) * 1000000 AS bigint), CAST(extract(epoch FROM p.time_max) * 1000000 AS bigint),
       coalesce(p.members_folded, 0)
FROM window_state s
CROSS JOIN LATERAL unnest(s.aggregates, s.value_counts, s.value_sums, s.value_mins, s.value_maxs, s.time_mins, s.time_maxs, s.members_folded)
    AS p (aggregate, value_count, value_sum, value_min, value_max, time_min, time_max, members_folded)
WHERE s.definition = @name AND s.window_start >= @from AND s.window_start < @to AND s.aggregates IS NOT NULL
ORDER BY 1, 3, 8
