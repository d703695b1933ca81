-- store-views: every store with views from shoppers in @country (IP country), most views first, ties by store id.
SELECT s.store_id, s.domain, sum(r.events)::bigint AS views
FROM rollup_location_store_hourly r
JOIN dim_location l ON l.location_key = r.location_key
JOIN dim_store s ON s.store_key = r.store_key
WHERE r.hour_utc >= @from AND r.hour_utc < @to
  AND r.collection IN ({views})
  AND (@include_bots OR NOT r.is_bot)
  AND l.country_code = @country
  AND s.store_key <> 0
GROUP BY s.store_id, s.domain
ORDER BY views DESC, s.store_id COLLATE "C" NULLS LAST, s.domain COLLATE "C" NULLS LAST
LIMIT @limit
