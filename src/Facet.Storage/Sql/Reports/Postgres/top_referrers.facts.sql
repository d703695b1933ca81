-- top-referrers from fact_events.
SELECT d.host, max(d.medium) AS medium, count(*)::bigint AS views
FROM fact_events f
JOIN dim_referrer d ON d.referrer_key = f.referrer_key
WHERE f.event_ts >= @from AND f.event_ts < @to
  AND f.collection IN ({views})
  AND (@include_bots OR NOT f.is_bot)
  AND d.referrer_key <> 0
  AND d.host <> @direct
  AND (@include_internal OR d.medium <> 'internal')
GROUP BY d.host
ORDER BY views DESC, d.host COLLATE "C"
LIMIT @limit
