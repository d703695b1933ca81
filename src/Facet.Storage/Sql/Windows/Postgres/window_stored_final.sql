-- After window_write: the windows of this batch that were stored before and are final after it, as the merge returned
-- them (stage_window_merged holds only stored windows). WindowStepRows held back the members of the windows that may
-- be stored whole (V015), since a new one keeps only its count; the stored ones among them merge into stored members,
-- so theirs are staged after all (it ignores the rest of these). Window start as epoch µs. Read from the merge's
-- RETURNING: a query joining the unanalysed stage tables took 1.4-1.8 s per 100k imported lines for ~200 rows
-- (BENCHMARKS.md, issue 18).
SELECT definition, CAST(extract(epoch FROM window_start) * 1000000 AS bigint), window_key
FROM stage_window_merged
WHERE is_final;
