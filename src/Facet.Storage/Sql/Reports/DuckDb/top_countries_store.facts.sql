-- top-countries by the store domain's country (--by store), from fact_events.
SELECT s.country_code, count(*)::bigint AS views
FROM fact_events f
JOIN dim_store s ON s.store_key = f.store_key
WHERE f.event_ts >= $from AND f.event_ts < $to
  AND f.collection IN ({views})
  AND ($include_bots OR NOT f.is_bot)
  AND s.country_code IS NOT NULL
GROUP BY s.country_code
ORDER BY views DESC, s.country_code
LIMIT $limit
