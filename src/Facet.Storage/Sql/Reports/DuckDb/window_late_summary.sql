-- Per stored definition (issue 19, the dashboard's late panel): its window rows — all, final, revised after the
-- watermark had passed their end (late_revisions > 0), revised among the final ones, and the late revisions summed over all and over final ones —
-- and its events beyond the allowed lateness: counted, applied anyway, and the windows they were for.
SELECT d.name,
       (SELECT count(*) FROM window_state s WHERE s.definition = d.name),
       (SELECT count(*) FROM window_state s WHERE s.definition = d.name AND s.is_final),
       (SELECT count(*) FROM window_state s WHERE s.definition = d.name AND s.late_revisions > 0),
       (SELECT count(*) FROM window_state s WHERE s.definition = d.name AND s.late_revisions > 0 AND s.is_final),
       (SELECT CAST(coalesce(sum(s.late_revisions), 0) AS bigint) FROM window_state s WHERE s.definition = d.name),
       (SELECT CAST(coalesce(sum(l.late_count), 0) AS bigint) FROM window_late_event l WHERE l.definition = d.name),
       (SELECT CAST(coalesce(sum(l.applied_count), 0) AS bigint) FROM window_late_event l WHERE l.definition = d.name),
       (SELECT count(*) FROM window_late_event l WHERE l.definition = d.name),
       (SELECT CAST(coalesce(sum(s.late_revisions), 0) AS bigint) FROM window_state s WHERE s.definition = d.name AND s.is_final)
FROM window_definition d ORDER BY d.name
