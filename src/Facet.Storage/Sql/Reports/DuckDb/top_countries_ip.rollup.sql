-- top-countries by the shopper's IP country; unknown locations are left out.
SELECT l.country_code, sum(r.events)::bigint AS views
FROM rollup_location_store_hourly r
JOIN dim_location l ON l.location_key = r.location_key
WHERE r.hour_utc >= $from AND r.hour_utc < $to
  AND r.collection IN ({views})
  AND ($include_bots OR NOT r.is_bot)
  AND l.country_code IS NOT NULL
GROUP BY l.country_code
ORDER BY views DESC, l.country_code
LIMIT $limit
