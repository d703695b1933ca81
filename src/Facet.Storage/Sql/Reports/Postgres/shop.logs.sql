-- log-errors: system log entries in [from, to) (bucketed on logged_at) per UTC minute and level; C# puts the minutes
-- in local hours or days.
SELECT (extract(epoch FROM date_trunc('minute', logged_at)) * 1000000)::bigint AS minute_us, level, count(*) AS entries
FROM fact_system_log
WHERE logged_at >= @from AND logged_at < @to
GROUP BY 1, 2
