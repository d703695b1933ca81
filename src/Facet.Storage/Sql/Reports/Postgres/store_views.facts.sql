-- store-views from fact_events.
SELECT s.store_id, s.domain, count(*)::bigint AS views
FROM fact_events f
JOIN dim_location l ON l.location_key = f.location_key
JOIN dim_store s ON s.store_key = f.store_key
WHERE f.event_ts >= @from AND f.event_ts < @to
  AND f.collection IN ({views})
  AND (@include_bots OR NOT f.is_bot)
  AND l.country_code = @country
  AND s.store_key <> 0
GROUP BY s.store_id, s.domain
ORDER BY views DESC, s.store_id COLLATE "C" NULLS LAST, s.domain COLLATE "C" NULLS LAST
LIMIT @limit
