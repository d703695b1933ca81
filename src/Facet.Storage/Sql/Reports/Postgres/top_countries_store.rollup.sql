-- top-countries by the store domain's country (--by store); stores without a country are left out.
SELECT s.country_code, sum(r.events)::bigint AS views
FROM rollup_location_store_hourly r
JOIN dim_store s ON s.store_key = r.store_key
WHERE r.hour_utc >= @from AND r.hour_utc < @to
  AND r.collection IN ({views})
  AND (@include_bots OR NOT r.is_bot)
  AND s.country_code IS NOT NULL
GROUP BY s.country_code
ORDER BY views DESC, s.country_code COLLATE "C"
LIMIT @limit
