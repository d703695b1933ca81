-- top-countries by the shopper's IP country; unknown locations are left out. Summed per location key before the join.
WITH per_key AS (
    SELECT r.location_key, sum(r.events) AS views
    FROM rollup_location_store_hourly r
    WHERE r.hour_utc >= $from AND r.hour_utc < $to
      AND r.collection IN ({views})
      AND ($include_bots OR NOT r.is_bot)
    GROUP BY r.location_key
)
SELECT l.country_code, sum(k.views)::bigint AS views
FROM per_key k
JOIN dim_location l ON l.location_key = k.location_key
WHERE l.country_code IS NOT NULL
GROUP BY l.country_code
ORDER BY views DESC, l.country_code
LIMIT $limit
